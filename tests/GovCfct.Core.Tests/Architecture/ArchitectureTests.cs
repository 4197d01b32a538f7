using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Architecture;

/// <summary>
/// The structural promises of docs/architecture.md, asserted over the code: the namespace-direction table, one YAML
/// stream reader, processes started only by the adapters, one simple name per type in Core, and every diagnostic code
/// reported by the code and named by a test. Each rule is a function over source text, so the tests below also prove
/// that it catches a deliberate violation.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = RepositoryRoot.Path;

    /// <summary>Core namespaces that may use no other namespace and that the table need not list as users.</summary>
    private static readonly ImmutableArray<string> Leaves = ["Diagnostics", "IO"];

    // Processes (cfn-lint, git) are edges: only these files may start one. Everything else is data in, data out.
    private static readonly ImmutableArray<string> ProcessAdapters =
    [
        "generator/GovCfct.Pipeline/GitCliReader.cs",
        "generator/GovCfct.Pipeline/CfnLintProcess.cs",
    ];

    // Codes that no test names yet; the test fails when one of them becomes named, so the list only shrinks. It is empty:
    // every code is named by a test.
    private static readonly ImmutableArray<string> CodesNotYetNamedByATest = [];

    [Fact]
    public void Core_namespaces_use_only_what_the_architecture_table_allows()
    {
        var table = DirectionTable(File.ReadAllText(Path.Combine(Root, "docs", "architecture.md")));

        table.Should().ContainKeys("Diagnostics", "Yaml", "Definition", "Catalog", "Cfct", "Packaging", "Validation", "Planning");
        DirectionViolations(CoreSources(), table).Should().BeEmpty();
        Cycles(table).Should().BeEmpty("the table itself must be one way");
    }

    [Fact]
    public void The_direction_rule_catches_a_later_stage_used_by_an_earlier_one()
    {
        var table = DirectionTable(File.ReadAllText(Path.Combine(Root, "docs", "architecture.md")));
        var violation = ("generator/GovCfct.Core/Definition/X.cs", "using GovCfct.Core.Catalog;\nnamespace GovCfct.Core.Definition;\n");
        var qualified = ("generator/GovCfct.Core/Yaml/X.cs", "namespace GovCfct.Core.Yaml;\nclass X { GovCfct.Core.Packaging.PackageWriter? W; }\n");
        var unknown = ("generator/GovCfct.Core/Nowhere/X.cs", "namespace GovCfct.Core.Nowhere;\n");

        DirectionViolations([violation, qualified, unknown], table).Should().HaveCount(3)
            .And.Contain(v => v.Contains("Definition uses Catalog", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("Yaml uses Packaging", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("Nowhere", StringComparison.Ordinal));
        Cycles(table.SetItem("Definition", table["Definition"].Add("Catalog"))).Should().NotBeEmpty();
    }

    [Fact]
    public void Only_the_yaml_readers_open_a_yaml_stream()
    {
        YamlStreamViolations(GeneratorSources()).Should().BeEmpty();
        YamlStreamViolations([("generator/GovCfct.Core/Planning/X.cs", "var s = new YamlStream();")]).Should().ContainSingle();
    }

    [Fact]
    public void Only_the_adapters_start_a_process()
    {
        ProcessViolations(GeneratorSources()).Should().BeEmpty();
        ProcessViolations([("generator/GovCfct.Core/Cfct/X.cs", "using var p = Process.Start(new ProcessStartInfo(\"git\"));")]).Should().ContainSingle();
        ProcessAdapters.Should().NotContain(p => p.StartsWith("generator/GovCfct.Core/", StringComparison.Ordinal), "the adapters are edges, outside Core");
    }

    [Fact]
    public void Core_compiles_without_the_process_api()
    {
        // The compiled form of the rule above: an assembly that starts a process references System.Diagnostics.Process.
        ProcessApiUsers([typeof(DiagnosticCodes).Assembly]).Should().BeEmpty("Core is data in, data out: cfn-lint and git are behind ICfnLinter and IGitReader");
        ProcessApiUsers([typeof(DiagnosticCodes).Assembly, typeof(Pipeline.CfnLintProcess).Assembly]).Should().Equal("GovCfct.Pipeline");
    }

    [Fact]
    public void The_pipeline_knows_neither_aws_nor_the_command_line()
    {
        PipelineViolations(Sources(Path.Combine("generator", "GovCfct.Pipeline"))).Should().BeEmpty();
        PipelineViolations([("generator/GovCfct.Pipeline/UseCases/X.cs", "using GovCfct.Aws.CloudFormation;\nnamespace GovCfct.Pipeline.UseCases;\n")]).Should().ContainSingle();
        File.ReadAllText(Path.Combine(Root, "generator", "GovCfct.Pipeline", "GovCfct.Pipeline.csproj")).Should().NotContain("GovCfct.Aws").And.NotContain("GovCfct.Cli");
    }

    [Fact]
    public void Commands_leave_the_orchestration_to_the_use_cases()
    {
        OrchestrationInCommands(Sources(Path.Combine("generator", "GovCfct.Cli"))).Should().BeEmpty();
        OrchestrationInCommands([("generator/GovCfct.Cli/Commands/PlanCommand.cs", "var plan = ChangePlanner.Plan(options, diagnostics);")]).Should().ContainSingle();
        OrchestrationInCommands([("generator/GovCfct.Cli/Commands/PublishCommand.cs", "var d = BuildPipeline.Production().LoadDefinition(dir, bag);")]).Should().ContainSingle();
    }

    [Fact]
    public void No_two_top_level_types_in_core_share_a_simple_name()
    {
        var duplicates = DuplicateNames(typeof(DiagnosticCodes).Assembly.GetTypes());

        duplicates.Should().BeEmpty("a simple name names one type in Core, so a reader never has to ask which one");
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Duplicates"), AssemblyBuilderAccess.Run).DefineDynamicModule("Duplicates");
        var first = module.DefineType("GovCfct.Core.Packaging.PackageWriter", TypeAttributes.Public).CreateType();
        var second = module.DefineType("GovCfct.Core.Publishing.PackageWriter", TypeAttributes.Public).CreateType();
        DuplicateNames([first, second, typeof(Core.Packaging.PackageWriter)]).Should().Equal("PackageWriter");
    }

    [Fact]
    public void Every_descriptor_is_reported_by_the_code_and_every_code_is_named_by_a_test()
    {
        var descriptors = Descriptors();
        var generator = string.Join('\n', GeneratorSources().Where(s => !s.Path.Contains("/Diagnostics/DiagnosticCodes", StringComparison.Ordinal)).Select(s => s.Text));
        var tests = TestTexts();

        Unreported(descriptors, generator).Should().BeEmpty();
        Unnamed(descriptors, tests).Should().BeEquivalentTo(CodesNotYetNamedByATest, "a code no test names may be reported wrongly or not at all");

        var phantom = new KeyValuePair<string, string>("NeverReported", "GCF9999");
        Unreported([.. descriptors, phantom], generator).Should().Equal("GCF9999 (DiagnosticCodes.NeverReported)");
        Unnamed([.. descriptors, phantom], tests).Should().Contain("GCF9999");
    }

    // ---- the rules, as functions over text ----

    /// <summary>The "namespace | may use" table of docs/architecture.md: each backticked namespace and the backticked names it may use.</summary>
    internal static ImmutableDictionary<string, ImmutableHashSet<string>> DirectionTable(string markdown)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("| namespace | may use |", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!inTable || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            if (!line.StartsWith('|'))
            {
                break;
            }

            var cells = line.Split('|');
            var uses = Backticked(cells[2]).ToImmutableHashSet(StringComparer.Ordinal);
            foreach (var name in Backticked(cells[1]))
            {
                result[name] = uses;
            }
        }

        return result.ToImmutable();
    }

    internal static List<string> DirectionViolations(IEnumerable<(string Path, string Text)> sources, ImmutableDictionary<string, ImmutableHashSet<string>> table)
    {
        var violations = new List<string>();
        foreach (var (path, text) in sources)
        {
            if (NamespaceOf().Match(text) is not { Success: true } declared)
            {
                continue;
            }

            var own = declared.Groups[1].Value;
            if (!table.TryGetValue(own, out var allowed))
            {
                violations.Add($"{path}: namespace {own} is not in the table of docs/architecture.md");
                continue;
            }

            foreach (var used in UsedNamespaces().Matches(text).Select(m => m.Groups[1].Value).Concat(QualifiedNames().Matches(text).Select(m => m.Groups[1].Value)).Distinct(StringComparer.Ordinal))
            {
                if (used != own && !allowed.Contains(used))
                {
                    violations.Add($"{path}: {own} uses {used}");
                }
            }
        }

        return violations;
    }

    internal static List<string> Cycles(ImmutableDictionary<string, ImmutableHashSet<string>> table)
    {
        var cycles = new List<string>();
        foreach (var start in table.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(table[start]);
            while (stack.Count > 0)
            {
                var next = stack.Pop();
                if (next == start)
                {
                    cycles.Add(start);
                    break;
                }

                if (seen.Add(next) && table.TryGetValue(next, out var uses))
                {
                    foreach (var use in uses)
                    {
                        stack.Push(use);
                    }
                }
            }
        }

        return cycles;
    }

    internal static List<string> YamlStreamViolations(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources.Where(s => !s.Path.StartsWith("generator/GovCfct.Core/Yaml/", StringComparison.Ordinal) && s.Text.Contains("new YamlStream(", StringComparison.Ordinal)).Select(s => s.Path)];

    internal static List<string> ProcessViolations(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources.Where(s => !ProcessAdapters.Contains(s.Path) && ProcessStart().IsMatch(s.Text)).Select(s => s.Path)];

    internal static List<string> ProcessApiUsers(IEnumerable<Assembly> assemblies) =>
        [.. assemblies.Where(a => a.GetReferencedAssemblies().Any(r => r.Name == "System.Diagnostics.Process")).Select(a => a.GetName().Name!)];

    internal static List<string> PipelineViolations(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources.Where(s => PipelineForbidden().IsMatch(s.Text)).Select(s => s.Path)];

    // What the use cases do: a command calls them instead of the stages (GovCfctApp alone makes the production pipeline).
    internal static List<string> OrchestrationInCommands(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources.Where(s => s.Path.Contains("/Commands/", StringComparison.Ordinal) && Orchestration().IsMatch(s.Text)).Select(s => s.Path)];

    internal static List<string> DuplicateNames(IEnumerable<Type> types) =>
        [.. types.Where(t => !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal) && t.Namespace is not null)
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)];

    internal static List<string> Unreported(IEnumerable<KeyValuePair<string, string>> descriptors, string generatorText) =>
        [.. descriptors.Where(d => !Regex.IsMatch(generatorText, $@"\bDiagnosticCodes\.{d.Key}\b", RegexOptions.CultureInvariant)).Select(d => $"{d.Value} (DiagnosticCodes.{d.Key})")];

    internal static List<string> Unnamed(IEnumerable<KeyValuePair<string, string>> descriptors, string testText) =>
        [.. descriptors.Where(d => !testText.Contains(d.Value, StringComparison.Ordinal) && !Regex.IsMatch(testText, $@"\bDiagnosticCodes\.{d.Key}\b", RegexOptions.CultureInvariant)).Select(d => d.Value)];

    // ---- inputs ----

    private static List<KeyValuePair<string, string>> Descriptors() =>
        [.. typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => new KeyValuePair<string, string>(f.Name, ((DiagnosticDescriptor)f.GetValue(null)!).Id))];

    private static IEnumerable<(string Path, string Text)> GeneratorSources() => Sources("generator");

    private static IEnumerable<(string Path, string Text)> CoreSources() => Sources(Path.Combine("generator", "GovCfct.Core"));

    private static string TestTexts() =>
        string.Join('\n', Files("tests", "*").Where(f => !f.Path.EndsWith("ArchitectureTests.cs", StringComparison.Ordinal)
            && Path.GetExtension(f.Path) is ".cs" or ".txt" or ".json" or ".sarif" or ".md" or ".yaml" or ".xml").Select(f => File.ReadAllText(f.Full)));

    private static IEnumerable<(string Path, string Text)> Sources(string folder) =>
        Files(folder, "*.cs").Select(f => (f.Path, File.ReadAllText(f.Full)));

    private static IEnumerable<(string Path, string Full)> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories)
            .Select(full => (Path: Path.GetRelativePath(Root, full).Replace('\\', '/'), Full: full))
            .Where(f => !f.Path.Split('/').Any(segment => segment is "bin" or "obj" or "node_modules"))
            .OrderBy(f => f.Path, StringComparer.Ordinal);

    private static IEnumerable<string> Backticked(string cell) => BacktickedName().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"`([A-Z][A-Za-z]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"^namespace GovCfct\.Core\.([A-Za-z]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceOf();

    [GeneratedRegex(@"^using (?:static )?(?:\w+ = )?GovCfct\.Core\.([A-Za-z]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UsedNamespaces();

    [GeneratedRegex(@"(?<!using (?:static )?)\bGovCfct\.Core\.([A-Za-z]+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNames();

    [GeneratedRegex(@"\bGovCfct\.(Aws|Cli)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineForbidden();

    [GeneratedRegex(@"\b(ChangePlanner\.Plan|StatusEvaluator\.Evaluate|new PackageValidator\(|PublishPreflight\.Run|new AccountRequestChecker\(|BuildPipeline\.Production\()", RegexOptions.CultureInvariant)]
    private static partial Regex Orchestration();

    [GeneratedRegex(@"\bProcess\.Start\(|\bnew ProcessStartInfo\(|\bnew Process\(", RegexOptions.CultureInvariant)]
    private static partial Regex ProcessStart();
}
