namespace GovCfct.Aws.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(MotoCollection.Name)]</c> share one moto (xunit needs this class in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
