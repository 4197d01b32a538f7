using System.CommandLine;
using System.Reflection;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;
using GovCfct.Core.Validation;
using GovCfct.Core.Validation.CfnNag;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

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
            Description = "A CfCT package: a folder with manifest.yaml, a folder holding custom-control-tower-configuration/, or CfCT's S3 source zip; or a governance definition (folder with organization.yaml, or a governance repository holding manifest/: the default . in the repository).",
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
            var templatesDir = parse.GetValue(templates)!;
            var request = new ValidateRequest(parse.GetValue(dir)!, templatesDir)
            {
                Definition = parse.GetValue(definitionOption),
                Organization = parse.GetValue(org),
                Previous = parse.GetValue(previous),
                Overrides = new SettingsOverrides([.. parse.GetValue(governed) ?? []], parse.GetValue(scpMaxSize), parse.GetValue(scpSlots)),
                RunCfnLint = !parse.GetValue(noCfnLint),
                Lint = parse.GetValue(lint) switch
                {
                    "strict" => LintMode.Strict,
                    "off" => LintMode.Off,
                    _ => LintMode.Default,
                },
                CfnNagVersion = parse.GetValue(cfnNag) is "off" ? null : parse.GetValue(cfnNag),
                AllowRemoteFiles = parse.GetValue(allowRemote),
                TemplatesProblem = CliOptions.MissingFolder("--templates", templatesDir),
            };
            var result = new ValidateUseCase(pipeline).Run(request, console.NewBag());
            if (result.Outcome == UseCaseOutcome.Usage)
            {
                console.WriteDiagnostics(result.Diagnostics);
                return Outcomes.ExitCode(result.Outcome);
            }

            Report(console, result.Diagnostics, parse.GetValue(format) switch
            {
                "json" => DiagnosticFormat.Json,
                "sarif" => DiagnosticFormat.Sarif,
                "junit" => DiagnosticFormat.Junit,
                _ => DiagnosticFormat.Text,
            });
            return Outcomes.ExitCode(result.Outcome);
        });
        return command;
    }

    /// <summary>The version SARIF reports for the tool: this assembly's informational version (Directory.Build.props), not a constant.</summary>
    internal static string ToolVersion { get; } =
        typeof(ValidateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ValidateCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static void Report(CliConsole console, IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format)
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
    }
}
