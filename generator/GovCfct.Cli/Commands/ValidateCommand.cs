using System.CommandLine;
using System.Reflection;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;
using GovCfct.Core.Organization;
using GovCfct.Core.Validation;
using GovCfct.Core.Validation.CfnNag;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct validate [DIR] [--definition DIR] [--org SNAPSHOT] [--previous DIR] [--format text|json|sarif|junit] [--lint default|strict|off] [--no-cfn-lint] [--cfn-nag 0.7.2|off]
/// [--scp-max-size N] [--scp-slots N] [--governed-region R]... [--allow-remote-files]</c>: exit 0 clean (warnings allowed), 1 errors, 2 usage.
/// With --definition the package is judged against the definition's settings (governed regions, limits, protected
/// principals, break-glass role, prefix), the same ones the build used; the flags override single settings.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var dir = new Argument<string>("DIR")
        {
            Description = "A CfCT package: a folder with manifest.yaml, a folder holding custom-control-tower-configuration/, or CfCT's S3 source zip; or a governance definition (folder with organization.yaml).",
            DefaultValueFactory = _ => ".",
        };
        var org = new Option<FileInfo?>("--org")
        {
            Description = "An organization snapshot (JSON from 'govcfct org snapshot'): checks that OUs and accounts exist and counts attached policies.",
        };
        var previous = new Option<DirectoryInfo?>("--previous")
        {
            Description = "The previously published package: warns about removed SCPs and stack sets CfCT will not clean up.",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: text (compiler form, on stderr), json, sarif or junit (on stdout).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "junit");
        var noCfnLint = new Option<bool>("--no-cfn-lint") { Description = "Do not run cfn-lint (same as --lint off)." };
        var lint = new Option<string>("--lint")
        {
            Description = "cfn-lint findings: default (errors only for what CloudFormation refuses, hygiene hidden; see docs/validate.md), strict (every finding at cfn-lint's own level) or off.",
            DefaultValueFactory = _ => "default",
        };
        lint.AcceptOnlyFromAmong("default", "strict", "off");
        var cfnNag = new Option<string>("--cfn-nag")
        {
            Description = "The cfn_nag release whose FAIL rules run, as CfCT's Build stage installs it (default 0.7.2, CfCT v2.8.x), or off.",
            DefaultValueFactory = _ => CfnNagScanner.PinnedVersion,
        };
        cfnNag.AcceptOnlyFromAmong([.. CfnNagScanner.KnownVersions, "off"]);
        var scpMaxSize = new Option<int?>("--scp-max-size") { Description = "SCP/RCP size limit in characters as CfCT submits them (default 5120)." };
        var scpSlots = new Option<int?>("--scp-slots") { Description = "SCPs allowed per OU, FullAWSAccess and Control Tower included (default 5)." };
        var governed = new Option<string[]>("--governed-region")
        {
            Description = "A region the organization governs (repeat); stack set regions outside them are errors.",
            AllowMultipleArgumentsPerToken = true,
        };
        var templates = CliOptions.Templates("read when validating a definition");
        var definitionOption = CliOptions.OptionalDefinition("The governance definition the package was built from: its settings (governed regions, SCP/RCP limits, protected principals, prefix) and OU tree apply.");
        var allowRemote = CliOptions.AllowRemoteFiles();
        var command = new Command("validate", "Check a CfCT package or a governance definition for everything CfCT's pipeline and AWS would reject or silently mishandle.")
        {
            dir, definitionOption, org, previous, format, noCfnLint, lint, cfnNag, scpMaxSize, scpSlots, governed, templates, allowRemote,
        };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(dir)!;
            var outputFormat = parse.GetValue(format) switch
            {
                "json" => DiagnosticFormat.Json,
                "sarif" => DiagnosticFormat.Sarif,
                "junit" => DiagnosticFormat.Junit,
                _ => DiagnosticFormat.Text,
            };
            var lintMode = parse.GetValue(lint) switch
            {
                "strict" => LintMode.Strict,
                "off" => LintMode.Off,
                _ => LintMode.Default,
            };
            var maxSize = parse.GetValue(scpMaxSize);
            var slots = parse.GetValue(scpSlots);
            if (maxSize is <= 0 || slots is <= 0)
            {
                return Usage(console, new Diagnostic(DiagnosticCodes.UsageError, "--scp-max-size and --scp-slots must be positive"));
            }

            if (!Directory.Exists(input) && !File.Exists(input))
            {
                return Usage(console, new Diagnostic(DiagnosticCodes.UsageError, $"'{input}' does not exist", hint: "pass a package folder, CfCT's S3 source zip or a definition folder"));
            }

            var diagnostics = console.NewBag();
            var folder = new DirectoryInfo(input);
            if (folder.Exists && PackageFolder.FindManifestFolder(folder.FullName) is null && File.Exists(Path.Combine(folder.FullName, "organization.yaml")))
            {
                // A governance definition: the build pipeline's own checks (loader, catalog, resolution, rendering,
                // policies), as a dry run that writes nothing.
                var templatesDir = parse.GetValue(templates)!;
                if (CliOptions.MissingFolder("--templates", templatesDir) is { } missing)
                {
                    return Usage(console, missing);
                }

                var buildOptions = new BuildRunOptions(folder.FullName, templatesDir.FullName, Path.Combine(Path.GetTempPath(), "govcfct-validate-unused"), DryRun: true) { RefuseShippedPlaceholders = true };
                var run = pipeline.Run(buildOptions, diagnostics);
                if (run.Definition is not null && parse.GetValue(org) is { } lockOrgFile)
                {
                    // The org lock gave the Control Tower controls their OU ids: it must still match the organization,
                    // and the organization and the package must stay within the quotas of limits:.
                    var read = OrgSnapshotSerializer.ReadFile(lockOrgFile.FullName, lockOrgFile.Name);
                    diagnostics.AddRange(read.Diagnostics);
                    if (read.Snapshot is { } snapshot)
                    {
                        BuildPipeline.CheckOrganization(run.Definition, run.Package, snapshot, diagnostics, lockOrgFile.ToString());
                    }
                }

                if (run.Package is { } builtPackage && parse.GetValue(previous) is { } previousDir)
                {
                    // Stack sets the rebuild renames away while another takes over their targets with the same names.
                    diagnostics.AddRange(PackageValidator.CheckRenames(builtPackage, previousDir.FullName, "out"));
                }

                return Report(console, diagnostics.Sorted(), outputFormat);
            }

            GovernanceDefinition? loaded = null;
            if (parse.GetValue(definitionOption) is { } definitionDir)
            {
                if (!File.Exists(Path.Combine(definitionDir.FullName, "organization.yaml")))
                {
                    return Usage(console, new Diagnostic(DiagnosticCodes.UsageError, $"--definition: folder '{definitionDir}' has no organization.yaml", hint: "pass the governance definition folder (manifest/)"));
                }

                loaded = pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
                if (loaded is null || diagnostics.HasErrors)
                {
                    return Report(console, diagnostics.Sorted(), outputFormat);
                }

                // The definition the package was built from must be the organization's own, not the shipped example.
                ShippedPlaceholders.Check(loaded, refuse: true, diagnostics);
            }

            var settings = loaded is null ? GovernanceSettings.Unknown : GovernanceSettings.From(loaded);
            var governedRegions = parse.GetValue(governed) ?? [];
            settings = settings.WithOverrides(new SettingsOverrides([.. governedRegions], maxSize, slots));
            var options = new PackageValidationOptions(Path.GetFullPath(input))
            {
                RunCfnLint = !parse.GetValue(noCfnLint),
                CfnLinter = pipeline.CfnLinter,
                AllowRemoteFiles = parse.GetValue(allowRemote),
                Lint = lintMode,
                CfnNagVersion = parse.GetValue(cfnNag) is "off" ? null : parse.GetValue(cfnNag),
                PreviousPackageDirectory = parse.GetValue(previous)?.FullName,
                Definition = loaded,
                Settings = settings,
            };

            var files = PackageFolder.Read(options.PackageDirectory, Path.GetFileName(Path.TrimEndingDirectorySeparator(options.PackageDirectory)), diagnostics);
            if (files is null)
            {
                return Report(console, diagnostics.Sorted(), outputFormat);
            }

            if (parse.GetValue(org) is { } orgFile)
            {
                var read = OrgSnapshotSerializer.ReadFile(orgFile.FullName, orgFile.Name);
                diagnostics.AddRange(read.Diagnostics);
                if (!read.Success)
                {
                    return Report(console, diagnostics.Sorted(), outputFormat);
                }

                options = options with { Organization = read.Snapshot };

                // The quotas of limits: against the organization and this package (the same check plan makes).
                var quotas = new DiagnosticBag();
                if (CfctPackage.Read(files, quotas) is { } package)
                {
                    BuildPipeline.CheckOrganization(loaded, package, read.Snapshot!, diagnostics, orgFile.ToString());
                }
            }

            var result = new PackageValidator().Validate(options, files);
            return Report(console, [.. diagnostics.Sorted(), .. result.Diagnostics], outputFormat);
        });
        return command;
    }

    /// <summary>The version SARIF reports for the tool: this assembly's informational version (Directory.Build.props), not a constant.</summary>
    internal static string ToolVersion { get; } =
        typeof(ValidateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ValidateCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static int Usage(CliConsole console, Diagnostic diagnostic)
    {
        console.WriteDiagnostic(diagnostic with { Hint = diagnostic.Hint ?? "see govcfct validate --help" });
        return ExitCodes.Usage;
    }

    private static int Report(CliConsole console, IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format)
    {
        if (format == DiagnosticFormat.Text)
        {
            console.WriteDiagnostics(diagnostics);
            var errors = diagnostics.Count(d => d.IsError);
            var warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
            console.Out.WriteLine(errors == 0 ? $"validate: ok ({warnings} warning(s))" : $"validate: {errors} error(s), {warnings} warning(s)");
        }
        else
        {
            console.Out.Write(DiagnosticWriter.Format(diagnostics, format, ToolVersion));
        }

        return diagnostics.Any(d => d.IsError) ? ExitCodes.ValidationFailed : ExitCodes.Ok;
    }
}
