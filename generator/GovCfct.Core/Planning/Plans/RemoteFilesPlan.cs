using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Remote resource and parameter files (GCF2110 unless allowed).</summary>
internal sealed class RemoteFilesPlan(PlanContext context)
{
    /// <summary>
    /// Resource and parameter files CfCT downloads at run time: their content is not in the package, so the plan compares
    /// them as empty and no check sees them. Refused (GCF2110) unless allowed; when allowed, each is a dangerous change.
    /// </summary>
    public ImmutableArray<RemoteResourceFile> Plan()
    {
        var remote = ImmutableArray.CreateBuilder<RemoteResourceFile>();
        foreach (var resource in context.Manifest.Resources.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            foreach (var (key, path) in new[] { ("resource_file", resource.ResourceFile), ("parameter_file", resource.ParameterFile) })
            {
                if (path is null || !Validation.PackageContext.IsRemote(path.Trim()))
                {
                    continue;
                }

                remote.Add(new RemoteResourceFile(resource.Name, key, path.Trim()));
                if (!context.Options.AllowRemoteFiles)
                {
                    context.Diagnostics.Report(DiagnosticCodes.RemoteFileRefused, $"resource '{resource.Name}': {key} '{path.Trim()}' is remote: CfCT downloads it when its pipeline runs, so the plan cannot show what it deploys and it can change after the approval", new SourceLocation(CfctPackage.ManifestFileName), "copy the file into the package, or pass --allow-remote-files to plan it as a dangerous change");
                }
            }
        }

        return remote.ToImmutable();
    }
}
