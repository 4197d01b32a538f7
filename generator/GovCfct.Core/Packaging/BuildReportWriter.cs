using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Packaging;

/// <summary>Renders the build report as JSON (for tools) and Markdown (for pull-request reviewers); deterministic, LF.</summary>
public static class BuildReportWriter
{
    public static string ToJson(BuildReport report) => Encoding.UTF8.GetString(ToJsonUtf8(report));

    /// <summary>The same JSON as UTF-8 bytes, as the package stores it (at the largest organizations several megabytes: no detour through a string).</summary>
    public static byte[] ToJsonUtf8(BuildReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("summary");
            json.WriteNumber("ous", report.Ous.Length);
            json.WriteNumber("stack_set_resources", report.StackSets.Length);
            json.WriteNumber("stack_set_resources_one_per_ou", report.NaiveStackSetResources);
            json.WriteNumber("scp_documents", report.Policies.Count(p => p.Kind == DeployMethod.Scp));
            json.WriteNumber("rcp_documents", report.Policies.Count(p => p.Kind == DeployMethod.Rcp));
            json.WriteNumber("scp_slots_available", report.ScpSlotsAvailable);
            json.WriteNumber("rcp_slots_available", report.RcpSlotsAvailable);
            json.WriteEndObject();

            json.WriteStartArray("ous");
            foreach (var ou in report.Ous)
            {
                json.WriteStartObject();
                json.WriteString("path", ou.Path);
                WriteStrings(json, "effective_controls", ou.EffectiveControls);
                WriteStrings(json, "scps_attached", ou.ScpsAttached);
                json.WriteNumber("scps_inherited", ou.ScpsInherited);
                WriteStrings(json, "rcps_attached", ou.RcpsAttached);
                json.WriteNumber("rcps_inherited", ou.RcpsInherited);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("opt_outs");
            foreach (var optOut in report.OptOuts)
            {
                json.WriteStartObject();
                json.WriteString("ou", optOut.OuPath);
                json.WriteString("control", optOut.ControlId);
                json.WriteString("reason", optOut.Reason);
                json.WriteString("source", optOut.Location.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("policies");
            foreach (var policy in report.Policies)
            {
                json.WriteStartObject();
                json.WriteString("name", policy.Name);
                json.WriteString("kind", ManifestWriter.MethodName(policy.Kind));
                json.WriteNumber("bytes", policy.Bytes);
                WriteStrings(json, "controls", policy.ControlIds);
                WriteStrings(json, "organizational_units", policy.OrganizationalUnits);
                json.WriteStartObject("statement_controls");
                foreach (var (sid, control) in policy.StatementControls)
                {
                    json.WriteString(sid, control);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("stack_sets");
            foreach (var stackSet in report.StackSets)
            {
                json.WriteStartObject();
                json.WriteString("name", stackSet.Name);
                json.WriteString("control", stackSet.ControlId);
                WriteStrings(json, "organizational_units", stackSet.OrganizationalUnits);

                // Written only for account-targeted resources, so OU-only reports keep their shape.
                if (!stackSet.Accounts.IsDefaultOrEmpty)
                {
                    WriteStrings(json, "accounts", stackSet.Accounts);
                }

                WriteStrings(json, "overrides_from", stackSet.OverridesFrom);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (report.Detective is { } detective)
            {
                json.WriteStartObject("detective_controls");
                json.WriteString("setting", DetectiveDecision.Name(detective.Setting));
                json.WriteString("mechanism", DetectiveDecision.Name(detective.Mechanism));
                json.WriteNumber("control_tower_enablements_per_ou", detective.PerOuEnablements);
                json.WriteNumber("max_control_tower_detective_enablements", detective.Threshold);
                json.WriteString("reason", detective.Reason);
                json.WriteStartArray("organization_conformance_packs");
                foreach (var pack in detective.Packs)
                {
                    json.WriteStartObject();
                    json.WriteString("name", pack.Name);
                    WriteStrings(json, "controls", pack.Controls);
                    WriteStrings(json, "regions", pack.Regions);
                    WriteStrings(json, "excluded_accounts", pack.ExcludedAccounts);
                    WriteStrings(json, "in_scope_ous", pack.InScopeOus);
                    WriteStrings(json, "out_of_scope_ous", pack.OutOfScopeOus);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// What is still free where least is: the slots minus the documents attached at the OU that has most ("1 at
    /// Workloads:Prod"); the first such OU in path order names where the next control would not fit first.
    /// </summary>
    private static string FewestFree(BuildReport report, int available, Func<OuReport, int> attached)
    {
        if (report.Ous.IsEmpty)
        {
            return available.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var most = report.Ous.Max(attached);
        var at = report.Ous.Where(o => attached(o) == most).OrderBy(o => o.Path, StringComparer.Ordinal).First();
        return FormattableString.Invariant($"{available - most} at {at.Path}");
    }

    public static string ToMarkdown(BuildReport report)
    {
        var text = new StringBuilder();
        text.Append("# Build report\n\n");
        text.Append($"- OUs: {report.Ous.Length}\n");
        text.Append($"- stack-set resources: {report.StackSets.Length} (one per OU would be {report.NaiveStackSetResources})\n");
        text.Append($"- SCP documents: {report.Policies.Count(p => p.Kind == DeployMethod.Scp)}, RCP documents: {report.Policies.Count(p => p.Kind == DeployMethod.Rcp)}\n");
        text.Append($"- policy slots per OU (after the reserved ones): SCP {report.ScpSlotsAvailable}, RCP {report.RcpSlotsAvailable}; "
            + $"fewest still free: SCP {FewestFree(report, report.ScpSlotsAvailable, o => o.ScpsAttached.Length)}, RCP {FewestFree(report, report.RcpSlotsAvailable, o => o.RcpsAttached.Length)}\n\n");

        text.Append("## Controls and policy slots per OU\n\n");
        MarkdownTable.Header(text, "OU", "effective controls", "SCPs attached", "SCPs inherited", "RCPs attached", "RCPs inherited");
        foreach (var ou in report.Ous)
        {
            text.Append($"| {Cell(ou.Path)} | {Cell(string.Join(", ", ou.EffectiveControls))} | {ou.ScpsAttached.Length} | {ou.ScpsInherited} | {ou.RcpsAttached.Length} | {ou.RcpsInherited} |\n");
        }

        text.Append("\n## Opt-outs\n\n");
        if (report.OptOuts.IsEmpty)
        {
            text.Append("None.\n");
        }
        else
        {
            MarkdownTable.Header(text, "OU", "control", "reason");
            foreach (var optOut in report.OptOuts)
            {
                text.Append($"| {Cell(optOut.OuPath)} | {Cell(optOut.ControlId)} | {Cell(optOut.Reason)} |\n");
            }
        }

        text.Append("\n## Policies\n\n");
        if (report.Policies.IsEmpty)
        {
            text.Append("None.\n");
        }
        else
        {
            MarkdownTable.Header(text, "name", "kind", "characters", "controls", "attached at");
            foreach (var policy in report.Policies)
            {
                text.Append($"| {Cell(policy.Name)} | {ManifestWriter.MethodName(policy.Kind)} | {policy.Bytes} | {Cell(string.Join(", ", policy.ControlIds))} | {Cell(string.Join(", ", policy.OrganizationalUnits))} |\n");
            }
        }

        text.Append("\n## Stack sets\n\n");
        if (report.StackSets.IsEmpty)
        {
            text.Append("None.\n");
        }
        else
        {
            MarkdownTable.Header(text, "name", "control", "OUs", "values overridden at");
            foreach (var stackSet in report.StackSets)
            {
                var reach = stackSet.Accounts.IsDefaultOrEmpty
                    ? stackSet.OrganizationalUnits.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : $"account {string.Join(", ", stackSet.Accounts)}";
                text.Append($"| {Cell(stackSet.Name)} | {Cell(stackSet.ControlId)} | {reach} | {Cell(string.Join(", ", stackSet.OverridesFrom))} |\n");
            }
        }

        if (report.Detective is { } detective)
        {
            text.Append("\n## Detective controls\n\n");
            text.Append($"- mechanism: **{DetectiveDecision.Name(detective.Mechanism)}** ({Cell(detective.Reason)})\n");
            text.Append($"- setting: `{DetectiveDecision.Name(detective.Setting)}`, max_control_tower_detective_enablements {detective.Threshold}\n");
            if (!detective.Packs.IsEmpty)
            {
                text.Append('\n');
                MarkdownTable.Header(text, "organization conformance pack", "controls", "regions", "excluded accounts", "in scope (and below)", "out of scope (and below)");
                foreach (var pack in detective.Packs)
                {
                    text.Append($"| {Cell(pack.Name)} | {Cell(string.Join(", ", pack.Controls))} | {Cell(string.Join(", ", pack.Regions))} | {pack.ExcludedAccounts.Length} | {Cell(string.Join(", ", pack.InScopeOus))} | {Cell(string.Join(", ", pack.OutOfScopeOus))} |\n");
                }
            }
        }

        return text.ToString();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Cell(string text) => MarkdownTable.Cell(text);
}
