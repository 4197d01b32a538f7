using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// deny-costly-purchases against its reference list (templates/deny-costly-purchases/purchases.yaml): the policy denies
/// exactly the listed actions, each has a reason and a source, each exists in the vendored IAM action data (so a renamed
/// or retired action shows up here), and the list covers every purchase the security review named.
/// </summary>
public sealed class PurchaseGuardTests
{
    /// <summary>The one-shot purchases the security review (issue 14) found missing; hand-written, not read from the list.</summary>
    private static readonly string[] Required =
    [
        "aws-marketplace:Subscribe", "aws-marketplace:AcceptAgreementRequest", "aws-marketplace:CreateAgreementRequest",
        "bedrock:CreateProvisionedModelThroughput", "cloudfront:CreateSavingsPlan", "outposts:CreateOrder", "snowball:CreateJob",
        "snowball:CreateLongTermPricing", "route53domains:RenewDomain", "redshift:AcceptReservedNodeExchange",
        "glacier:PurchaseProvisionedCapacity", "medialive:PurchaseOffering", "mediaconnect:PurchaseOffering", "devicefarm:PurchaseOffering",
        "quicksight:Subscribe", "s3:PutBucketObjectLockConfiguration", "backup:PutBackupVaultLockConfiguration", "security-ir:CreateMembership",
        "ec2:PurchaseReservedInstancesOffering", "rds:PurchaseReservedDBInstancesOffering", "savingsplans:CreateSavingsPlan", "shield:CreateSubscription",
        "route53domains:RegisterDomain", "ec2:PurchaseCapacityBlock",
        // issue 25
        "ec2:CreateCapacityReservation", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3-object-lambda:PutObjectLegalHold",
        "s3-object-lambda:PutObjectRetention", "sagemaker:CreateTrainingPlan",
    ];

    private static List<(string Action, string Why, string Source)> ReferenceList()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("templates", "deny-costly-purchases", "purchases.yaml"))));
        var actions = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["actions"];
        return [.. actions.Children.Cast<YamlMappingNode>().Select(a => (((YamlScalarNode)a["action"]).Value!, ((YamlScalarNode)a["why"]).Value!, ((YamlScalarNode)a["source"]).Value!))];
    }

    [Fact]
    public void Every_listed_action_has_a_reason_a_source_and_exists_in_the_vendored_iam_data()
    {
        var list = ReferenceList();

        list.Should().HaveCountGreaterThan(50);
        list.Select(a => a.Action).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        foreach (var (action, why, source) in list)
        {
            why.Should().NotBeNullOrWhiteSpace(action);
            source.Should().StartWith("https://", action);
            IamActionCatalog.Default.Exists(action).Should().BeTrue($"{action} must be a real IAM action (vendored data)");
        }
    }

    [Fact]
    public void The_policy_denies_exactly_the_reference_list_and_covers_every_reviewed_purchase()
    {
        var document = PolicyParser.Parse(CatalogFixture.Render("deny-costly-purchases"), "deny-costly-purchases", new DiagnosticBag())!;
        var denied = document.Statements.Where(s => s.Effect == PolicyEffect.Deny && !s.IsNotAction).SelectMany(s => s.Actions).ToList();
        var listed = ReferenceList().Select(a => a.Action).ToList();

        denied.Should().BeEquivalentTo(listed);
        listed.Should().Contain(Required);
    }
}
