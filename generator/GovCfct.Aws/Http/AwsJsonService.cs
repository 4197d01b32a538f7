namespace GovCfct.Aws.Http;

/// <summary>
/// What a JSON-1.1 client needs to know about its service, from the botocore model's metadata
/// (<c>endpointPrefix</c>, <c>targetPrefix</c>, <c>signingName</c>). Global services (Organizations) are
/// signed for their partition's home region whatever region the caller uses.
/// </summary>
/// <param name="CamelCaseMembers">True where the model's members are camelCase (CodeCommit, CodePipeline), false for PascalCase (Organizations).</param>
public sealed record AwsJsonService(string ServiceId, string EndpointPrefix, string TargetPrefix, string SigningName, bool IsGlobal = false, bool CamelCaseMembers = false)
{
    /// <summary>The region SigV4 signs for.</summary>
    public string SigningRegion(string region) =>
        !IsGlobal ? region
        : region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-northwest-1"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "us-gov-west-1"
        : "us-east-1";

    /// <summary>The public endpoint for a region (used when no endpoint is configured), or its FIPS form (<c>prefix-fips</c>).</summary>
    public Uri Endpoint(string region, bool fips = false)
    {
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{EndpointPrefix}{(fips ? "-fips" : string.Empty)}.{SigningRegion(region)}.{suffix}/");
    }
}
