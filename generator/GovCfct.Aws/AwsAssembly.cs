namespace GovCfct.Aws;

/// <summary>Marker for the AWS access assembly (clients live in per-service folders).</summary>
internal static class AwsAssembly
{
}
