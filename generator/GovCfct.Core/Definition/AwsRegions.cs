using System.Collections.Frozen;

namespace GovCfct.Core.Definition;

/// <summary>
/// The AWS region names the definition accepts, so a typo such as <c>ap-northest-1</c> fails at load time
/// instead of silently governing nothing. Source: AWS General Reference, "AWS service endpoints / Regions"
/// (public list of commercial, China and GovCloud (US) regions, 2026). Add a region here when AWS opens one.
/// </summary>
public static class AwsRegions
{
    /// <summary>Every known region name.</summary>
    public static FrozenSet<string> All { get; } = new[]
    {
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-central-1",
        "ca-west-1",
        "cn-north-1",
        "cn-northwest-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eusc-de-east-1",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-gov-east-1",
        "us-gov-west-1",
        "us-west-1",
        "us-west-2",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The regions governed when the definition names none: Tokyo and Osaka (the government cloud's two regions).</summary>
    public static IReadOnlyList<string> DefaultGoverned { get; } = ["ap-northeast-1", "ap-northeast-3"];

    public static bool IsKnown(string name) => All.Contains(name);
}
