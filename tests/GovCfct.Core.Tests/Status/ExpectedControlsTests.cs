using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Status;

namespace GovCfct.Core.Tests.Status;

/// <summary>Which Control Tower controls a package enables, read from its <c>AWS::ControlTower::EnabledControl</c> resources.</summary>
public sealed class ExpectedControlsTests
{
    private static CfctPackage PackageWith(string template) =>
        new(new CfctManifest("ap-northeast-1", null, []), ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("templates/gc-ct-controls.template", Encoding.UTF8.GetBytes(template))]));

    [Fact]
    public void A_control_whose_target_is_not_a_literal_ou_arn_is_skipped_with_a_warning_at_its_resource()
    {
        // The shape of AWS::ControlTower::EnabledControl: ControlIdentifier and TargetIdentifier (the OU's ARN),
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-controltower-enabledcontrol.html
        var package = PackageWith("""
            Parameters:
              Ou:
                Type: String
            Resources:
              Literal:
                Type: AWS::ControlTower::EnabledControl
                Properties:
                  ControlIdentifier: arn:aws:controlcatalog:::control/abc
                  TargetIdentifier: arn:aws:organizations::111122223333:ou/o-abc1234567/ou-ab12-00000001
              FromParameter:
                Type: AWS::ControlTower::EnabledControl
                Properties:
                  ControlIdentifier: arn:aws:controlcatalog:::control/def
                  TargetIdentifier: !Ref Ou
            """);
        var diagnostics = new DiagnosticBag();

        var expected = ExpectedControls.Read(package, diagnostics);

        expected.Should().ContainSingle().Which.OuId.Should().Be("ou-ab12-00000001");
        var warning = diagnostics.Items.Should().ContainSingle().Subject;
        warning.Code.Should().Be(DiagnosticCodes.StatusControlNotLiteral.Id);
        warning.Severity.Should().Be(Severity.Warning);
        warning.Location.Should().Be(new SourceLocation("templates/gc-ct-controls.template", 10, 3));
        warning.Message.Should().StartWith("AWS::ControlTower::EnabledControl 'FromParameter' has no literal");
    }
}
