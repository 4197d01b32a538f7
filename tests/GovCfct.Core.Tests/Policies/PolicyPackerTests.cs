using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

public sealed class PolicyPackerTests
{
    private const string Target = "OU 'Workloads'";

    private static readonly PolicyPacker Packer = new();

    private static PolicyFragment Fragment(string controlId, params string[] statements) =>
        new(controlId, PolicyTestData.Doc($"{{\"Version\":\"2012-10-17\",\"Statement\":[{string.Join(',', statements)}]}}"), new SourceLocation("manifest/ous/workloads.yaml", 3, 5));

    /// <summary>A Deny of <paramref name="count"/> distinct made-up actions with its own condition, so it never merges with another.</summary>
    private static PolicyFragment Sized(string controlId, int count, string? sid = null) =>
        Fragment(controlId, $"{{{(sid is null ? string.Empty : $"\"Sid\":\"{sid}\",")}\"Effect\":\"Deny\",\"Action\":[{string.Join(',', Enumerable.Range(0, count).Select(i => $"\"ec2:Action{controlId.Replace("-", string.Empty, StringComparison.Ordinal)}{i:D3}\""))}],\"Resource\":\"*\",\"Condition\":{{\"StringEquals\":{{\"aws:PrincipalTag/{controlId}\":\"x\"}}}}}}");

    [Fact]
    public void Merges_statements_that_differ_only_in_action_whatever_the_order_of_conditions()
    {
        var a = Fragment("deny-access-keys", $"{{\"Sid\":\"DenyAccessKeys\",\"Effect\":\"Deny\",\"Action\":[\"iam:CreateAccessKey\",\"iam:CreateServiceSpecificCredential\"],\"Resource\":\"*\",\"Condition\":{{{PolicyTestData.Exemptions},\"StringNotEquals\":{{\"aws:PrincipalAccount\":\"1\"}}}}}}");
        var b = Fragment("deny-leave-organization", $"{{\"Sid\":\"DenyLeave\",\"Effect\":\"Deny\",\"Action\":[\"organizations:LeaveOrganization\",\"iam:CreateAccessKey\"],\"Resource\":\"*\",\"Condition\":{{\"StringNotEquals\":{{\"aws:PrincipalAccount\":\"1\"}},{PolicyTestData.Exemptions}}}}}");
        var bag = new DiagnosticBag();

        var result = Packer.Pack([b, a], 5120, 3, Target, bag);

        bag.Items.Should().BeEmpty();
        result.Fits.Should().BeTrue();
        result.SidsDropped.Should().BeFalse();
        var packed = result.Policies.Should().ContainSingle().Subject;
        packed.ControlIds.Should().Equal("deny-access-keys", "deny-leave-organization");
        var statement = PolicyTestData.Doc(packed.MinifiedJson).Statements.Should().ContainSingle().Subject;
        statement.Sid.Should().Be("DenyAccessKeysDenyLeave");
        statement.Actions.Should().Equal("iam:CreateAccessKey", "iam:CreateServiceSpecificCredential", "organizations:LeaveOrganization");
        packed.Size.Should().Be(packed.MinifiedJson.Length);
    }

    [Fact]
    public void Merging_drops_actions_a_wildcard_already_covers()
    {
        var a = Fragment("a", "{\"Effect\":\"Deny\",\"Action\":[\"s3:GetObject\",\"s3:Get*Acl\"],\"Resource\":\"*\"}");
        var b = Fragment("b", "{\"Effect\":\"Deny\",\"Action\":[\"s3:Get*\",\"S3:getobject\",\"s3:?utObject\"],\"Resource\":\"*\"}");

        var result = Packer.Pack([a, b], 5120, 1, Target, new DiagnosticBag());

        PolicyTestData.Doc(result.Policies[0].MinifiedJson).Statements[0].Actions.Should().Equal("s3:?utObject", "s3:Get*");
    }

    [Fact]
    public void Never_merges_NotAction_statements_or_statements_with_different_conditions()
    {
        var notAction = "{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"ap-northeast-1\"}}}";
        var a = Fragment("a", notAction, "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}}");
        var b = Fragment("b", notAction.Replace("iam:*", "sts:*", StringComparison.Ordinal), "{\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-west-2\"}}}");

        var result = Packer.Pack([a, b], 5120, 1, Target, new DiagnosticBag());

        var statements = PolicyTestData.Doc(result.Policies.Should().ContainSingle().Subject.MinifiedJson).Statements;
        statements.Should().HaveCount(4);
        statements.Where(s => s.IsNotAction).Select(s => s.Actions.Single()).Should().Equal("iam:*", "sts:*");
    }

    [Fact]
    public void Packs_first_fit_decreasing_into_as_few_documents_as_possible()
    {
        var fragments = new[] { Sized("c5", 10), Sized("c3", 20), Sized("c1", 30), Sized("c4", 10), Sized("c2", 20) };
        var oneSize = Packer.Pack([Sized("c1", 30)], 100_000, 5, Target, new DiagnosticBag()).Policies[0].Size;
        var bag = new DiagnosticBag();

        // Largest first: c1 opens document 1 and c2 still fits beside it; c3 opens document 2, where c4 and c5 follow.
        var result = Packer.Pack(fragments, oneSize + 700, 5, Target, bag);

        bag.Items.Should().BeEmpty();
        result.Fits.Should().BeTrue();
        result.Policies.Should().OnlyContain(p => p.Size <= oneSize + 700 && p.Size == PolicySize.AsSubmittedByCfct(p.MinifiedJson));
        result.Policies.Select(p => string.Join('+', p.ControlIds)).Should().Equal("c1+c2", "c3+c4+c5");
    }

    [Fact]
    public void Packing_is_deterministic_whatever_the_input_order()
    {
        var fragments = new[] { Sized("b", 10), Sized("a", 10), Sized("d", 25), Sized("c", 10) };
        var limit = Packer.Pack([Sized("d", 25)], 100_000, 5, Target, new DiagnosticBag()).Policies[0].Size + 400;

        var forward = Packer.Pack(fragments, limit, 5, Target, new DiagnosticBag());
        var backward = Packer.Pack([.. fragments.Reverse()], limit, 5, Target, new DiagnosticBag());

        backward.Policies.Select(p => p.MinifiedJson).Should().Equal(forward.Policies.Select(p => p.MinifiedJson));
        forward.Policies.Select(p => string.Join('+', p.ControlIds)).Should().Equal("a+d", "b+c");
    }

    [Fact]
    public void Drops_sids_only_when_the_controls_do_not_fit_otherwise()
    {
        var longSid = new string('S', 200);
        PolicyFragment[] fragments = [Sized("a", 10, longSid + "A"), Sized("b", 10, longSid + "B")];
        var withSids = Packer.Pack(fragments, 100_000, 1, Target, new DiagnosticBag()).Policies[0].Size;
        var bag = new DiagnosticBag();

        var roomy = Packer.Pack(fragments, withSids, 1, Target, bag);
        roomy.SidsDropped.Should().BeFalse();
        roomy.Policies[0].MinifiedJson.Should().Contain(longSid);
        bag.Items.Should().BeEmpty();

        var tight = Packer.Pack(fragments, withSids - 1, 1, Target, bag);
        tight.Fits.Should().BeTrue();
        tight.SidsDropped.Should().BeTrue();
        tight.Policies.Should().ContainSingle().Which.MinifiedJson.Should().NotContain("\"Sid\"");
        bag.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.PackSidsDropped.Id && d.Severity == Severity.Info && d.Message.Contains(Target));

        // With a second slot the Sids stay: dropping them is the last resort.
        Packer.Pack(fragments, withSids - 1, 2, Target, new DiagnosticBag()).SidsDropped.Should().BeFalse();
    }

    [Fact]
    public void Fails_naming_the_target_the_controls_and_the_characters_over_when_slots_run_out()
    {
        var fragments = new[] { Sized("deny-regions", 20), Sized("deny-services", 20), Sized("deny-costly-purchases", 20) };
        var largest = fragments.Max(f => Packer.Pack([f], 100_000, 5, Target, new DiagnosticBag()).Policies[0].Size);
        var bag = new DiagnosticBag();

        var result = Packer.Pack(fragments, largest + 10, 2, Target, bag);

        result.Fits.Should().BeFalse();
        result.Policies.Should().HaveCount(3);
        var error = bag.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.PackSlotsExceeded.Id);
        var overflow = result.Policies[2];
        error.Message.Should().Contain(Target).And.Contain("need 3 documents but only 2 slot(s)")
            .And.Contain($"{overflow.Size} characters are over (controls {string.Join(", ", overflow.ControlIds)})")
            .And.Contain("deny-costly-purchases").And.Contain("deny-regions").And.Contain("deny-services");
        error.Hint.Should().Contain("lower OU").And.Contain("quota is 10").And.Contain("list parameter");
        error.Location.Should().Be(new SourceLocation("manifest/ous/workloads.yaml", 3, 5));
    }

    [Fact]
    public void Fails_when_one_control_alone_is_larger_than_a_document()
    {
        var big = Sized("deny-services", 300);
        var size = Packer.Pack([big], 100_000, 5, Target, new DiagnosticBag()).Policies[0].Size;
        var bag = new DiagnosticBag();

        var result = Packer.Pack([big, Sized("deny-leave-organization", 1)], 5120, 3, Target, bag);

        result.Fits.Should().BeFalse();
        var error = bag.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.PackControlTooLarge.Id);
        error.Message.Should().Be($"control 'deny-services' alone is {size} characters as CfCT submits it, {size - 5120} over the limit of 5120 for one policy at {Target}");
        result.Policies.SelectMany(p => p.ControlIds).Should().BeEquivalentTo(["deny-services", "deny-leave-organization"]);
    }

    [Fact]
    public void No_fragments_means_no_documents()
    {
        Packer.Pack([], 5120, 0, Target, new DiagnosticBag()).Should().Match<PackResult>(r => r.Fits && r.Policies.IsEmpty);
    }
}
