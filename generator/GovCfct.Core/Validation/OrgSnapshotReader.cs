using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Validation;

/// <summary>
/// Reads an organization snapshot (<c>govcfct org snapshot</c> output, camelCase JSON of <see cref="OrgSnapshot"/>)
/// so validate can check targets offline.
/// </summary>
public static class OrgSnapshotReader
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static OrgSnapshot? Read(string path, string displayPath, DiagnosticBag diagnostics)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<OrgSnapshot>(File.ReadAllText(path), JsonOptions);
            if (snapshot is null || snapshot.OrganizationalUnits.IsDefault || snapshot.Accounts.IsDefault)
            {
                diagnostics.Error(DiagnosticCodes.OrgSnapshotInvalid, "the organization snapshot has no organizationalUnits or accounts", new SourceLocation(displayPath), "create it with govcfct org snapshot");
                return null;
            }

            return snapshot with { Policies = snapshot.Policies.IsDefault ? [] : snapshot.Policies };
        }
        catch (JsonException e)
        {
            diagnostics.Error(DiagnosticCodes.OrgSnapshotInvalid, $"the organization snapshot is not valid JSON: {Rules.FileRule.FirstSentence(e.Message)}", new SourceLocation(displayPath, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "create it with govcfct org snapshot");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.OrgSnapshotInvalid, $"cannot read the organization snapshot: {e.Message}", new SourceLocation(displayPath));
        }

        return null;
    }
}
