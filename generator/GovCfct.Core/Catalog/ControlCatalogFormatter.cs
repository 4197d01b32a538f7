using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Catalog;

/// <summary>Output formats of the catalog listing (<c>govcfct controls --format</c>).</summary>
public enum CatalogFormat
{
    Text,
    Markdown,
    Json,
}

/// <summary>
/// Lists the catalog for people (text), for docs/controls.md (markdown, kept current by a test) and for tools
/// (json). Deterministic: catalog order (by id), LF line ends.
/// </summary>
public static class ControlCatalogFormatter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    public static string Format(ControlCatalog catalog, CatalogFormat format)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return format switch
        {
            CatalogFormat.Markdown => Markdown(catalog),
            CatalogFormat.Json => Json(catalog),
            _ => Text(catalog),
        };
    }

    /// <summary>The catalog's name for a kind, as written in control.yaml.</summary>
    public static string KindName(ControlKind kind) => kind switch
    {
        ControlKind.Scp => "scp",
        ControlKind.Rcp => "rcp",
        ControlKind.CtControl => "ct_control",
        _ => "stack_set",
    };

    /// <summary>The catalog's name for a source, as written in control.yaml (Control Tower controls have none).</summary>
    public static string SourceName(ControlSource source) => source switch
    {
        ControlSource.Cdk => "cdk",
        ControlSource.ControlTower => "control_tower",
        _ => "scriban",
    };

    /// <summary>"CT.MULTISERVICE.PV.1 (ka8e…), preventive" — how listings name a Control Tower control.</summary>
    public static string CtText(CtControlSpec spec) =>
        $"{spec.LegacyName} ({spec.IdentifierArn}), {(spec.Behavior == CtBehavior.Preventive ? "preventive" : "detective")}";

    private static string TypeName(ParameterType type) => type.ToString().ToLowerInvariant();

    private static string DefaultText(ControlParameter parameter) => parameter.Default switch
    {
        null => "(required)",
        { Kind: ParameterValueKind.List } list => "[" + string.Join(", ", list.Items) + "]",
        { Scalar.Length: 0 } => "(empty)",
        var value => value.Scalar,
    };

    private static string RegionsText(ControlDefinition control) =>
        control.Kind == ControlKind.CtControl ? "governed regions (Control Tower)"
        : control.Kind != ControlKind.StackSet ? "all (Organizations policy)"
        : control.Regions.IsDefaultOrEmpty ? "governed regions"
        : string.Join(", ", control.Regions);

    private static string Text(ControlCatalog catalog)
    {
        var builder = new StringBuilder();
        foreach (var control in catalog.Controls)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(control.Id).Append("  [").Append(KindName(control.Kind)).Append(control.Source == ControlSource.Cdk ? ", cdk" : string.Empty).Append(control.ManagementAccountOnly ? ", management account only" : string.Empty).Append("]\n");
            builder.Append("  ").Append(control.Title.Ja).Append('\n');
            builder.Append("  ").Append(control.Title.En).Append('\n');
            if (control.Seed.Length > 0)
            {
                builder.Append("  seed: ").Append(control.Seed).Append('\n');
            }
            if (control.ControlTower is { } ct)
            {
                builder.Append("  control tower: ").Append(CtText(ct)).Append('\n');
            }

            foreach (var parameter in control.Parameters)
            {
                builder.Append("  - ").Append(parameter.Name).Append(" (").Append(TypeName(parameter.Type)).Append(") = ").Append(DefaultText(parameter)).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string Cell(string text) => MarkdownTable.AuthoredCell(text);

    private static string Markdown(ControlCatalog catalog)
    {
        var builder = new StringBuilder();
        builder.Append("# Control catalog\n\n");
        builder.Append("<!-- Output of `govcfct controls --format markdown > docs/controls.md`; a test keeps this file current. -->\n\n");
        builder.Append("Every control GovCfct can assign, from `templates/<id>/control.yaml`. How to write one: [catalog.md](catalog.md).\n\n");
        builder.Append("| id | kind | Control Tower | タイトル | title | seed (講演の項目) |\n|---|---|---|---|---|---|\n");
        foreach (var control in catalog.Controls)
        {
            builder.Append("| [`").Append(control.Id).Append("`](#").Append(control.Id).Append(") | ").Append(KindName(control.Kind))
                .Append(" | ").Append(control.ControlTower is { } ct ? $"`{ct.LegacyName}`" : string.Empty)
                .Append(" | ").Append(Cell(control.Title.Ja)).Append(" | ").Append(Cell(control.Title.En)).Append(" | ").Append(Cell(control.Seed)).Append(" |\n");
        }

        foreach (var control in catalog.Controls)
        {
            builder.Append("\n## ").Append(control.Id).Append("\n\n");
            builder.Append("- kind: `").Append(KindName(control.Kind)).Append("`, source: `").Append(SourceName(control.Source)).Append("`, regions: ").Append(RegionsText(control)).Append('\n');
            if (control.ManagementAccountOnly)
            {
                builder.Append("- management account only: cannot be assigned to an OU or a member account (GCF1060)\n");
            }

            if (control.ControlTower is { } ct)
            {
                builder.Append("- Control Tower: `").Append(ct.LegacyName).Append("`, `").Append(ct.IdentifierArn).Append("`, ")
                    .Append(ct.Behavior == CtBehavior.Preventive ? "preventive" : "detective").Append('\n');
            }

            builder.Append(control.Seed.Length > 0 ? $"- seed: {control.Seed}\n\n" : "\n");
            builder.Append("**").Append(control.Title.Ja).Append("** — ").Append(control.Description.Ja).Append("\n\n");
            builder.Append("**").Append(control.Title.En).Append("** — ").Append(control.Description.En).Append('\n');
            if (control.Parameters.Length > 0)
            {
                builder.Append("\n| parameter | type | default | 説明 | description |\n|---|---|---|---|---|\n");
                foreach (var parameter in control.Parameters)
                {
                    builder.Append("| `").Append(parameter.Name).Append("` | ").Append(TypeName(parameter.Type)).Append(" | ").Append(Cell(DefaultText(parameter)))
                        .Append(" | ").Append(Cell(parameter.Description.Ja)).Append(" | ").Append(Cell(parameter.Description.En)).Append(" |\n");
                }
            }
        }

        return builder.ToString();
    }

    private static string Json(ControlCatalog catalog)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartArray();
            foreach (var control in catalog.Controls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", control.Id);
                writer.WriteString("kind", KindName(control.Kind));
                writer.WriteString("source", SourceName(control.Source));
                if (control.ManagementAccountOnly)
                {
                    writer.WriteBoolean("management_account_only", true);
                }

                if (control.ControlTower is { } ct)
                {
                    writer.WriteStartObject("control_tower");
                    writer.WriteString("identifier", ct.IdentifierArn);
                    writer.WriteString("name", ct.LegacyName);
                    writer.WriteString("behavior", ct.Behavior == CtBehavior.Preventive ? "preventive" : "detective");
                    writer.WriteEndObject();
                }

                WriteText(writer, "title", control.Title);
                WriteText(writer, "description", control.Description);
                writer.WriteString("seed", control.Seed);
                writer.WriteStartArray("regions");
                foreach (var region in control.Regions)
                {
                    writer.WriteStringValue(region);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("parameters");
                foreach (var parameter in control.Parameters)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", parameter.Name);
                    writer.WriteString("type", TypeName(parameter.Type));
                    writer.WriteBoolean("required", parameter.Required);
                    if (parameter.Default is { Kind: ParameterValueKind.List } list)
                    {
                        writer.WriteStartArray("default");
                        foreach (var item in list.Items)
                        {
                            writer.WriteStringValue(item);
                        }

                        writer.WriteEndArray();
                    }
                    else if (parameter.Default is { } value)
                    {
                        writer.WriteString("default", value.Scalar);
                    }

                    WriteText(writer, "description", parameter.Description);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteText(Utf8JsonWriter writer, string name, LocalizedText text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("ja", text.Ja);
        writer.WriteString("en", text.En);
        writer.WriteEndObject();
    }
}
