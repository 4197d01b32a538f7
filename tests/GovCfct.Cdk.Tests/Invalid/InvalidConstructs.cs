using Amazon.CDK.AWS.S3.Assets;
using Amazon.CDK.AWS.SNS;
using Constructs;
using GovCfct.Cdk.Controls;

namespace GovCfct.Cdk.Tests.Invalid;

/// <summary>Introduces a file asset, which CfCT cannot deploy.</summary>
public sealed class AssetIntroducingStack : CdkControlStack
{
    public AssetIntroducingStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        _ = new Asset(this, "Code", new AssetProps { Path = AppContext.BaseDirectory });
    }
}

/// <summary>Uses a parameter its control.yaml does not declare.</summary>
public sealed class UndeclaredParameterStack : CdkControlStack
{
    public UndeclaredParameterStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        _ = new Topic(this, "Topic", new TopicProps { DisplayName = Parameter("NotInCatalog").ValueAsString });
    }
}

/// <summary>Fails while being built, like a construct with a bug.</summary>
public sealed class ThrowingStack : CdkControlStack
{
    public ThrowingStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        throw new InvalidOperationException("the construct is broken");
    }
}

/// <summary>Builds fine: proves one broken control does not take the others of the batch down.</summary>
public sealed class PlainTopicStack : CdkControlStack
{
    public PlainTopicStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        _ = new Topic(this, "Topic", new TopicProps { DisplayName = Parameter("DisplayName").ValueAsString });
    }
}
