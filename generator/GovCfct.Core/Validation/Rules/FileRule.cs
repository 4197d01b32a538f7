using System.Text.Json;
using GovCfct.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Referenced files: local files exist (CfCT's Build stage checks <c>[ -f path ]</c>); a local path starting with
/// "s3"/"http" is taken by CfCT for a remote one (issue #65); parameter files are JSON arrays of string
/// parameters (CfCT's Build stage runs json.tool on parameters/*.json, and a non-string value breaks its comma split).
/// A remote file is refused unless the user opted in: CfCT downloads it at run time, so it is not what was reviewed.
/// </summary>
internal sealed class FileRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
        [DiagnosticCodes.FileMissing, DiagnosticCodes.LocalPathLooksRemote, DiagnosticCodes.ParameterFileInvalid, DiagnosticCodes.RemoteFileNotChecked, DiagnosticCodes.RemoteFileRefused, DiagnosticCodes.PlaceholderLeft];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var checkedParameterFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in context.Manifest.Resources)
        {
            foreach (var key in new[] { "resource_file", "parameter_file" })
            {
                if (node.Child(key) is not YamlScalarNode value || string.IsNullOrEmpty(value.Value))
                {
                    continue;
                }

                var path = value.Value.Trim();
                var at = context.Manifest.At(value);
                if (PackageContext.IsRemote(path) && Placeholders.Find(path) is { } placeholder)
                {
                    diagnostics.Report(DiagnosticCodes.PlaceholderLeft, $"{key} '{path}' still holds the placeholder '{placeholder}'; CfCT's Build stage cannot download it and fails", at, "write the real bucket and key (or URL)");
                    continue;
                }

                if (PackageContext.IsRemote(path))
                {
                    if (context.Options.AllowRemoteFiles)
                    {
                        diagnostics.Report(DiagnosticCodes.RemoteFileNotChecked, $"{key} '{path}' is remote (allowed by --allow-remote-files): CfCT deploys whatever that location holds when its pipeline runs; it was not reviewed or checked", at);
                    }
                    else
                    {
                        diagnostics.Report(DiagnosticCodes.RemoteFileRefused, $"{key} '{path}' is remote: CfCT downloads it when its pipeline runs, so what it deploys is not in the reviewed package and can change after the approval", at, "copy the file into the package and name its relative path, or pass --allow-remote-files when its location is protected as CfCT's source is");
                    }

                    continue;
                }

                if (path.StartsWith("s3", StringComparison.OrdinalIgnoreCase) || path.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                {
                    diagnostics.Report(DiagnosticCodes.LocalPathLooksRemote, $"{key} '{path}' starts with '{path[..(path.StartsWith("s3", StringComparison.OrdinalIgnoreCase) ? 2 : 4)]}', so CfCT treats it as an S3 or HTTP location, not a package file", at, "rename the folder or file (keep local files under templates/, policies/, parameters/)");
                    continue;
                }

                if (!context.FileExists(path))
                {
                    diagnostics.Report(DiagnosticCodes.FileMissing, $"{key} '{path}' does not exist in the package", at, "add the file or fix the path (relative to manifest.yaml)");
                    continue;
                }

                if (key == "parameter_file" && checkedParameterFiles.Add(PackageContext.Normalize(path)))
                {
                    CheckParameterFile(context, PackageContext.Normalize(path), referenced: true, diagnostics);
                }
            }
        }

        // CfCT's Build stage runs json.tool on every parameters/*.json, referenced or not.
        foreach (var file in context.FilesUnder("parameters", ".json").Where(checkedParameterFiles.Add))
        {
            CheckParameterFile(context, file, referenced: false, diagnostics);
        }
    }

    /// <summary>
    /// Every parameters/*.json must be JSON (json.tool in the Build stage); only a file a resource uses must also be an
    /// array of string parameters, because only then does CfCT's update_params read it (a number breaks its comma test).
    /// </summary>
    private static void CheckParameterFile(PackageContext context, string path, bool referenced, DiagnosticBag diagnostics)
    {
        var text = context.ReadText(path) ?? string.Empty;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (!referenced)
            {
                return;
            }

            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                diagnostics.Report(DiagnosticCodes.ParameterFileInvalid, "a parameter file must be a JSON array of {\"ParameterKey\", \"ParameterValue\"} objects", context.At(path, 1, 1));
                return;
            }

            var i = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var ok = item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("ParameterKey", out var k) && k.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("ParameterValue", out var v)
                    && (v.ValueKind == JsonValueKind.String || (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)));
                if (!ok)
                {
                    diagnostics.Report(DiagnosticCodes.ParameterFileInvalid, $"entry {i} must have a string ParameterKey and a string ParameterValue", context.At(path, 1, 1), "write every value as a JSON string; CfCT's comma handling fails on numbers and booleans");
                }

                i++;
            }
        }
        catch (JsonException e)
        {
            diagnostics.Report(DiagnosticCodes.ParameterFileInvalid, $"the parameter file is not valid JSON: {FirstSentence(e.Message)}", context.At(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "CfCT's Build stage rejects it (python -m json.tool)");
        }
    }

    /// <summary>System.Text.Json's message without its trailing path and position (the location says them).</summary>
    internal static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:", " Change the reader options." })
        {
            var i = message.IndexOf(marker, StringComparison.Ordinal);
            if (i > 0)
            {
                message = message[..i];
            }
        }

        return message;
    }
}
