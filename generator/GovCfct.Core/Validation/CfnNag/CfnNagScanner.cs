using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace GovCfct.Core.Validation.CfnNag;

/// <summary>One FAIL finding: the cfn_nag rule id, the resource, the line cfn_nag reports (its <c>Type</c> line).</summary>
public sealed record CfnNagFinding(string RuleId, string Message, string LogicalId, string ResourceType, int Line);

/// <summary>
/// The FAIL rules of cfn_nag (stelligent/cfn_nag, MIT), as <c>cfn_nag_scan --input-path</c> applies them to one
/// template in CfCT's Build stage: no parameter values (a <c>Ref</c> to a parameter is never its default), every
/// condition true (<c>Fn::If</c> takes its first branch), resources with
/// <c>Metadata: cfn_nag: rules_to_suppress: [{id: ...}]</c> left out of that rule. Warning rules (W...) do not fail
/// the stage and are not here. Each rule follows the rule's source in the pinned release; docs/validate.md lists them.
/// </summary>
public static partial class CfnNagScanner
{
    /// <summary>The cfn_nag version whose FAIL rules this scanner applies; CfCT v2.8.x installs this one.</summary>
    public const string PinnedVersion = "0.7.2";

    /// <summary>The versions whose FAIL rule set is implemented (a setting may name only these).</summary>
    public static ImmutableArray<string> KnownVersions { get; } = [PinnedVersion];

    /// <summary>Every FAIL rule id of cfn_nag 0.7.2 with its message, as <c>cfn_nag_rules</c> prints them.</summary>
    public static IReadOnlyDictionary<string, string> Messages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["F1"] = "EBS volume should have server-side encryption enabled",
        ["F2"] = "IAM role should not allow * action on its trust policy",
        ["F3"] = "IAM role should not allow * action on its permissions policy",
        ["F4"] = "IAM policy should not allow * action",
        ["F5"] = "IAM managed policy should not allow * action",
        ["F6"] = "IAM role should not allow Allow+NotPrincipal in its trust policy",
        ["F7"] = "SQS Queue policy should not allow Allow+NotPrincipal",
        ["F8"] = "SNS Topic policy should not allow Allow+NotPrincipal",
        ["F9"] = "S3 Bucket policy should not allow Allow+NotPrincipal",
        ["F10"] = "IAM user should not have any inline policies.  Should be centralized Policy object on group",
        ["F11"] = "IAM policy should not apply directly to users.  Should be on group",
        ["F12"] = "IAM managed policy should not apply directly to users.  Should be on group",
        ["F13"] = "Lambda permission principal should not be wildcard",
        ["F14"] = "S3 Bucket should not have a public read-write acl",
        ["F15"] = "S3 Bucket policy should not allow * action",
        ["F16"] = "S3 Bucket policy should not allow * principal",
        ["F18"] = "SNS topic policy should not allow * principal",
        ["F19"] = "EnableKeyRotation should not be false or absent on KMS::Key resource",
        ["F20"] = "SQS Queue policy should not allow * action",
        ["F21"] = "SQS Queue policy should not allow * principal",
        ["F22"] = "RDS instance should not be publicly accessible",
        ["F23"] = "RDS instance master user password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F24"] = "RDS instance master username must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F25"] = "ElastiCache ReplicationGroup should have encryption enabled for at rest",
        ["F26"] = "RDS DBCluster should have StorageEncrypted enabled",
        ["F27"] = "RDS DBInstance should have StorageEncrypted enabled",
        ["F28"] = "Redshift Cluster should have encryption enabled",
        ["F29"] = "Workspace should have encryption enabled",
        ["F30"] = "Neptune database cluster storage should have encryption enabled",
        ["F31"] = "DirectoryService SimpleAD password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F32"] = "EFS FileSystem should have encryption enabled",
        ["F33"] = "ElastiCache ReplicationGroup should have encryption enabled for in transit",
        ["F34"] = "RDS DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F35"] = "Redshift Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F36"] = "Directory Service Microsoft AD password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F37"] = "DMS Endpoint password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F38"] = "IAM role should not allow * resource with PassRole action on its permissions policy",
        ["F39"] = "IAM policy should not allow * resource with PassRole action",
        ["F40"] = "IAM managed policy should not allow a * resource with PassRole action",
        ["F41"] = "Amplify App AccessToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F42"] = "Pinpoint APNSSandboxChannel PrivateKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F43"] = "Pinpoint APNSSandboxChannel TokenKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F44"] = "ElastiCache ReplicationGroup AuthToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F45"] = "Lambda Permission EventSourceToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F46"] = "Pinpoint APNSVoipSandboxChannel PrivateKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F47"] = "Pinpoint APNSVoipSandboxChannel TokenKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F48"] = "Pinpoint APNSVoipChannel PrivateKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F49"] = "Pinpoint APNSChannel TokenKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F50"] = "Amplify App BasicAuthConfig Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F51"] = "IAM User LoginProfile Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F52"] = "AmazonMQ Broker Users Password must not be a plaintext string or a Ref to a Parameter with a Default value. Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F53"] = "AppStream DirectoryConfig ServiceAccountCredentials AccountPassword must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F54"] = "OpsWorks Stack RDS DbInstance DbPassword must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F55"] = "DMS Endpoint MongoDbSettings Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F56"] = "Pinpoint APNSChannel TokenKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F57"] = "Pinpoint APNSChannel PrivateKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F58"] = "Amplify App OauthToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F60"] = "Amplify Branch BasicAuthConfig Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F61"] = "OpsWorks App SslConfiguration PrivateKey must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F62"] = "OpsWorks Stack CustomCookbooksSource Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F63"] = "EMR Cluster KerberosAttributes AD Domain JoinPassword must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F64"] = "EMR Cluster KerberosAttributes CrossRealmTrustPrincipal Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F65"] = "EMR Cluster KerberosAttributes KdcAdmin Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F66"] = "Kinesis Firehose DeliveryStream RedshiftDestinationConfiguration Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F67"] = "OpsWorks App AppSource Password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value.",
        ["F68"] = "Kinesis Firehose DeliveryStream SplunkDestinationConfiguration HECToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F69"] = "CodePipeline Webhook AuthenticationConfiguration SecretToken must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F70"] = "DocDB DB Cluster master user password must not be a plaintext string or a Ref to a Parameter with a Default value.  Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager value.",
        ["F71"] = "ManagedBlockchain Member MemberFabricConfiguration AdminPasswordRule must not be a plaintext string or a Ref to a NoEcho Parameter with a Default value.",
        ["F74"] = "Alexa ASK Skill AuthenticationConfiguration ClientSecret must not be a plaintext string or a Ref to a NoEcho Parameter with a Default value.",
        ["F75"] = "Alexa ASK Skill AuthenticationConfiguration RefreshToken must not be a plaintext string or a Ref to a NoEcho Parameter with a Default value.",
        ["F76"] = "KMS key should not allow * principal (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html)",
        ["F77"] = "SimpleDB Domain should not be a declared resource",
        ["F78"] = "AWS Cognito UserPool should have MfaConfiguration set to 'ON' (MUST be wrapped in quotes) or at least 'OPTIONAL'",
        ["F79"] = "A NetworkACL's rule numbers cannot be repeated unless one is egress and one is ingress.",
        ["F80"] = "RDS instance should have deletion protection enabled",
        ["F665"] = "WebAcl DefaultAction should not be ALLOW",
        ["F1000"] = "Missing egress rule means all traffic is allowed outbound.  Make this explicit if it is desired configuration",
        ["F2000"] = "User is not assigned to a group",
    };

    // Password-like properties: cfn_nag's PasswordBaseRule / SubPropertyWithListPasswordBaseRule subclasses
    // (rule id, resource type, property, sub-property or null, whether the property is a list of maps).
    private static readonly (string Id, string Type, string Property, string? Sub, bool List)[] Secrets =
    [
        ("F23", "AWS::RDS::DBInstance", "MasterUserPassword", null, false),
        ("F24", "AWS::RDS::DBInstance", "MasterUsername", null, false),
        ("F31", "AWS::DirectoryService::SimpleAD", "Password", null, false),
        ("F34", "AWS::RDS::DBCluster", "MasterUserPassword", null, false),
        ("F35", "AWS::Redshift::Cluster", "MasterUserPassword", null, false),
        ("F36", "AWS::DirectoryService::MicrosoftAD", "Password", null, false),
        ("F37", "AWS::DMS::Endpoint", "Password", null, false),
        ("F41", "AWS::Amplify::App", "AccessToken", null, false),
        ("F42", "AWS::Pinpoint::APNSSandboxChannel", "PrivateKey", null, false),
        ("F43", "AWS::Pinpoint::APNSSandboxChannel", "TokenKey", null, false),
        ("F44", "AWS::ElastiCache::ReplicationGroup", "AuthToken", null, false),
        ("F45", "AWS::Lambda::Permission", "EventSourceToken", null, false),
        ("F46", "AWS::Pinpoint::APNSVoipSandboxChannel", "PrivateKey", null, false),
        ("F47", "AWS::Pinpoint::APNSVoipSandboxChannel", "TokenKey", null, false),
        ("F48", "AWS::Pinpoint::APNSVoipChannel", "PrivateKey", null, false),
        ("F49", "AWS::Pinpoint::APNSVoipChannel", "TokenKey", null, false),
        ("F50", "AWS::Amplify::App", "BasicAuthConfig", "Password", false),
        ("F51", "AWS::IAM::User", "LoginProfile", "Password", false),
        ("F52", "AWS::AmazonMQ::Broker", "Users", "Password", true),
        ("F53", "AWS::AppStream::DirectoryConfig", "ServiceAccountCredentials", "AccountPassword", false),
        ("F54", "AWS::OpsWorks::Stack", "RdsDbInstances", "DbPassword", true),
        ("F55", "AWS::DMS::Endpoint", "MongoDbSettings", "Password", false),
        ("F56", "AWS::Pinpoint::APNSChannel", "TokenKey", null, false),
        ("F57", "AWS::Pinpoint::APNSChannel", "PrivateKey", null, false),
        ("F58", "AWS::Amplify::App", "OauthToken", null, false),
        ("F60", "AWS::Amplify::Branch", "BasicAuthConfig", "Password", false),
        ("F61", "AWS::OpsWorks::App", "SslConfiguration", "PrivateKey", false),
        ("F62", "AWS::OpsWorks::Stack", "CustomCookbooksSource", "Password", false),
        ("F63", "AWS::EMR::Cluster", "KerberosAttributes", "ADDomainJoinPassword", false),
        ("F64", "AWS::EMR::Cluster", "KerberosAttributes", "CrossRealmTrustPrincipalPassword", false),
        ("F65", "AWS::EMR::Cluster", "KerberosAttributes", "KdcAdminPassword", false),
        ("F66", "AWS::KinesisFirehose::DeliveryStream", "RedshiftDestinationConfiguration", "Password", false),
        ("F67", "AWS::OpsWorks::App", "AppSource", "Password", false),
        ("F68", "AWS::KinesisFirehose::DeliveryStream", "SplunkDestinationConfiguration", "HECToken", false),
        ("F69", "AWS::CodePipeline::Webhook", "AuthenticationConfiguration", "SecretToken", false),
        ("F70", "AWS::DocDB::DBCluster", "MasterUserPassword", null, false),
        ("F74", "Alexa::ASK::Skill", "AuthenticationConfiguration", "ClientSecret", false),
        ("F75", "Alexa::ASK::Skill", "AuthenticationConfiguration", "RefreshToken", false),
    ];

    // BooleanBaseRule subclasses: the property must be true (absent, false or Ref AWS::NoValue fail).
    private static readonly (string Id, string Type, string Property)[] Booleans =
    [
        ("F1", "AWS::EC2::Volume", "Encrypted"),
        ("F25", "AWS::ElastiCache::ReplicationGroup", "AtRestEncryptionEnabled"),
        ("F26", "AWS::RDS::DBCluster", "StorageEncrypted"),
        ("F28", "AWS::Redshift::Cluster", "Encrypted"),
        ("F30", "AWS::Neptune::DBCluster", "StorageEncrypted"),
        ("F32", "AWS::EFS::FileSystem", "Encrypted"),
        ("F33", "AWS::ElastiCache::ReplicationGroup", "TransitEncryptionEnabled"),
    ];

    // iam:PassRole and every wildcard form of it cfn_nag's wildcard_patterns produces, and "*".
    private static readonly HashSet<string> PassRoleActions = [.. WildcardPatterns("PassRole").Select(p => "iam:" + p), "*"];

    /// <summary>The FAIL findings of one template, ordered by rule then resource; empty when the text is not a template cfn_nag reads.</summary>
    public static IReadOnlyList<CfnNagFinding> Scan(string text)
    {
        var root = CfnNagReader.Read(text);
        if (root?["Resources"] is not CfnNagMap resourcesNode)
        {
            return [];
        }

        var template = new Template(root, resourcesNode);
        var findings = new List<CfnNagFinding>();
        foreach (var (id, message) in Messages.OrderBy(m => int.Parse(m.Key.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)))
        {
            var visible = template.Resources.Where(r => !r.Suppresses(id)).ToList();
            foreach (var name in Audit(id, template, visible).Distinct(StringComparer.Ordinal))
            {
                var resource = template.Resources.First(r => r.LogicalId == name);
                findings.Add(new CfnNagFinding(id, message, name, resource.Type, resource.Line));
            }
        }

        return findings;
    }

    /// <summary>Resources whose <c>rules_to_suppress</c> has an entry without <c>id</c> (cfn_nag only prints them), with the entry's line.</summary>
    public static IReadOnlyList<(string LogicalId, int Line)> SuppressionsWithoutId(string text)
    {
        if (CfnNagReader.Read(text)?["Resources"] is not CfnNagMap resources)
        {
            return [];
        }

        return [.. resources.Entries
            .Select(e => (e.Key, Rules: ((e.Value as CfnNagMap)?["Metadata"] as CfnNagMap)?["cfn_nag"] is CfnNagMap nag ? nag["rules_to_suppress"] as CfnNagList : null))
            .SelectMany(r => (r.Rules?.Items ?? []).Where(i => i is not CfnNagMap m || m["id"] is null or CfnNagScalar { Kind: ScalarKind.Null }).Select(i => (r.Key, i.Line)))];
    }

    private static IEnumerable<string> Audit(string id, Template template, List<Resource> resources)
    {
        IEnumerable<Resource> OfType(string type) => resources.Where(r => r.Type == type);
        IEnumerable<string> Where(string type, Func<Resource, bool> violates) => OfType(type).Where(violates).Select(r => r.LogicalId);

        foreach (var (sid, type, property, sub, list) in Secrets.Where(s => s.Id == id))
        {
            return Where(type, r => SecretViolates(template, r, property, sub, list));
        }

        foreach (var (_, type, property) in Booleans.Where(b => b.Id == id))
        {
            return Where(type, r => NotTruthy(r[property]) || IsNoValue(r[property]));
        }

        return id switch
        {
            "F2" => Where("AWS::IAM::Role", r => template.Document(r["AssumeRolePolicyDocument"]).Any(s => s.Allows && s.Actions.Any(IsWildcardAction))),
            "F3" => Where("AWS::IAM::Role", r => InlinePolicies(template, r).Any(d => d.Any(s => s.Allows && s.Actions.Any(IsWildcardAction)))),
            "F4" => Where("AWS::IAM::Policy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.Actions.Any(IsWildcardAction))),
            "F5" => Where("AWS::IAM::ManagedPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.Actions.Any(IsWildcardAction))),
            "F6" => Where("AWS::IAM::Role", r => template.Document(r["AssumeRolePolicyDocument"]).Any(s => s.Allows && s.HasNotPrincipal)),
            "F7" => Where("AWS::SQS::QueuePolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.HasNotPrincipal)),
            "F8" => Where("AWS::SNS::TopicPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.HasNotPrincipal)),
            "F9" => Where("AWS::S3::BucketPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.HasNotPrincipal)),
            "F10" => Where("AWS::IAM::User", r => r["Policies"] is CfnNagList policies && policies.Items.Any(p => p is CfnNagMap m && m.Has("PolicyName"))),
            "F11" => Where("AWS::IAM::Policy", r => NonEmpty(r["Users"])),
            "F12" => Where("AWS::IAM::ManagedPolicy", r => NonEmpty(r["Users"])),
            "F13" => Where("AWS::Lambda::Permission", r => r["Principal"] is CfnNagScalar { IsString: true } p && p.Text.Contains('*', StringComparison.Ordinal)),
            "F14" => Where("AWS::S3::Bucket", r => r["AccessControl"] is CfnNagScalar { IsString: true, Text: "PublicReadWrite" }),
            "F15" => Where("AWS::S3::BucketPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.Actions.Any(IsWildcardAction))),
            "F16" => Where("AWS::S3::BucketPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.WildcardPrincipal)),
            "F18" => Where("AWS::SNS::TopicPolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.WildcardPrincipal)),
            "F19" => Where("AWS::KMS::Key", r => !Truthy(r["EnableKeyRotation"])),
            "F20" => Where("AWS::SQS::QueuePolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.Actions.Any(IsWildcardAction))),
            "F21" => Where("AWS::SQS::QueuePolicy", r => template.Document(r["PolicyDocument"]).Any(s => s.Allows && s.WildcardPrincipal)),
            "F22" => Where("AWS::RDS::DBInstance", r => r["PubliclyAccessible"] is null || string.Equals(r["PubliclyAccessible"]!.RubyString, "true", StringComparison.OrdinalIgnoreCase)),
            "F27" => Where("AWS::RDS::DBInstance", r => r["DBClusterIdentifier"] is null && NotTruthy(r["StorageEncrypted"])),
            "F29" => Where("AWS::WorkSpaces::Workspace", r => r["UserVolumeEncryptionEnabled"] is null || string.Equals(r["UserVolumeEncryptionEnabled"]!.RubyString, "false", StringComparison.OrdinalIgnoreCase)),
            "F38" => Where("AWS::IAM::Role", r => InlinePolicies(template, r).Any(d => d.Any(PassRoleOnAnyResource))),
            "F39" => Where("AWS::IAM::Policy", r => template.Document(r["PolicyDocument"]).Any(PassRoleOnAnyResource)),
            "F40" => Where("AWS::IAM::ManagedPolicy", r => template.Document(r["PolicyDocument"]).Any(PassRoleOnAnyResource)),
            "F71" => Where("AWS::ManagedBlockchain::Member", r => Path(r["MemberConfiguration"], "MemberFrameworkConfiguration", "MemberFabricConfiguration", "AdminPassword") is { } pw && InsecureSecret(template, pw)),
            "F76" => Where("AWS::KMS::Key", r => template.Document(r["KeyPolicy"]).Any(s => s.Allows && s.WildcardPrincipal)),
            "F77" => OfType("AWS::SDB::Domain").Select(r => r.LogicalId),
            "F78" => Where("AWS::Cognito::UserPool", r => string.Equals(r["MfaConfiguration"]?.RubyString, "off", StringComparison.OrdinalIgnoreCase)),
            "F79" => OfType("AWS::EC2::NetworkAcl").SelectMany(nacl => DuplicateNaclEntries(template, nacl)),
            "F80" => Where("AWS::RDS::DBInstance", r => (NotTruthy(r["DeletionProtection"]) || IsNoValue(r["DeletionProtection"])) && r["Engine"] is not CfnNagScalar { IsString: true, Text: "aurora" or "aurora-mysql" or "aurora-postgresql" }),
            // cfn_nag reads templates with line numbers: cfn-model then turns every scalar under a key named Type into
            // {value, line} (to locate resources), DefaultAction's Type too, so `defaultAction['Type'] == 'ALLOW'` is never
            // true and 0.7.2 never reports F665 (the real cfn_nag 0.7.2 agrees: tests' CfnNag/F665-fail.yaml).
            "F665" => [],
            "F1000" => Where("AWS::EC2::SecurityGroup", r => !HasEgress(template, r)),
            "F2000" => Where("AWS::IAM::User", r => !HasGroup(template, r)),
            _ => [],
        };
    }

    private static IEnumerable<IReadOnlyList<Statement>> InlinePolicies(Template template, Resource role) =>
        role["Policies"] is CfnNagList policies
            ? policies.Items.OfType<CfnNagMap>().Where(p => p.Has("PolicyName")).Select(p => template.Document(p["PolicyDocument"]))
            : [];

    private static bool PassRoleOnAnyResource(Statement statement) =>
        statement.Actions.Any(a => a is CfnNagScalar { IsString: true } s && PassRoleActions.Contains(s.Text))
        && statement.Resources.Any(r => r is CfnNagScalar { IsString: true, Text: "*" });

    /// <summary>cfn-model's Statement#wildcard_actions: <c>*</c> or <c>service:*</c> (Ruby's <c>^.+:\*$</c> anchors at any line).</summary>
    private static bool IsWildcardAction(CfnNagValue action)
    {
        var text = action is CfnNagScalar or CfnNagMap or CfnNagList ? action.RubyString : string.Empty;
        return text == "*" || text.Split('\n').Any(l => WildcardActionLine().IsMatch(l));
    }

    private static bool SecretViolates(Template template, Resource resource, string property, string? sub, bool list)
    {
        var value = resource[property];
        if (list)
        {
            return value is CfnNagList items && items.Items.Any(i => i is CfnNagMap m && m[sub!] is { } v && InsecureSecret(template, v));
        }

        if (sub is not null)
        {
            value = value is CfnNagMap m ? m[sub] : null;
        }

        return value is not null and not CfnNagScalar { Kind: ScalarKind.Null } && InsecureSecret(template, value);
    }

    /// <summary>
    /// cfn_nag's insecure_parameter? or insecure_string_or_dynamic_reference?: a Ref to a parameter that is not NoEcho
    /// without a Default (or to anything that is not a parameter), or a string that is not a whole
    /// <c>{{resolve:secretsmanager:...}}</c> / <c>{{resolve:ssm-secure:...}}</c> dynamic reference.
    /// </summary>
    private static bool InsecureSecret(Template template, CfnNagValue value)
    {
        if (value is CfnNagMap map && map.Has("Ref"))
        {
            var target = map["Ref"];
            if (target is CfnNagScalar { Text: "AWS::NoValue" })
            {
                return false;
            }

            if (target is CfnNagScalar name && template.Parameters?[name.Text] is { } parameter)
            {
                var p = parameter as CfnNagMap;
                return !(Truthy(p?["NoEcho"]) && (p?["Default"] is null or CfnNagScalar { Kind: ScalarKind.Null }));
            }

            return true;
        }

        if (value is CfnNagScalar { IsString: true } s)
        {
            var dynamic = (s.Text.StartsWith("{{resolve:secretsmanager:", StringComparison.Ordinal) || s.Text.StartsWith("{{resolve:ssm-secure:", StringComparison.Ordinal))
                && s.Text.EndsWith("}}", StringComparison.Ordinal);
            return !dynamic;
        }

        return false;
    }

    private static CfnNagValue? Path(CfnNagValue? value, params string[] keys)
    {
        foreach (var key in keys)
        {
            value = value is CfnNagMap m ? m[key] : null;
        }

        return value is CfnNagScalar { Kind: ScalarKind.Null } ? null : value;
    }

    private static IEnumerable<string> DuplicateNaclEntries(Template template, Resource nacl)
    {
        // Entries are wired to their ACL when the template is parsed, so suppressing an entry does not hide it.
        var entries = template.Resources.Where(e => e.Type == "AWS::EC2::NetworkAclEntry" && ResourceIdOf(e["NetworkAclId"], null) == nacl.LogicalId).ToList();
        var egress = entries.Where(e => Truthy(e["Egress"]));
        var ingress = entries.Where(e => NotTruthy(e["Egress"]));
        static IEnumerable<Resource> Duplicates(IEnumerable<Resource> group) =>
            group.GroupBy(e => e["RuleNumber"] is { } n ? $"{(n as CfnNagScalar)?.Kind}:{n.RubyString}" : "nil", StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g);
        return Duplicates(egress).Concat(Duplicates(ingress)).Select(e => e.LogicalId);
    }

    private static bool HasEgress(Template template, Resource group)
    {
        var inline = group["SecurityGroupEgress"];
        if (inline is CfnNagMap || inline is CfnNagList { Items.Count: > 0 })
        {
            return true;
        }

        return template.Resources.Any(e => e.Type == "AWS::EC2::SecurityGroupEgress" && ResourceIdOf(e["GroupId"], "GroupId") == group.LogicalId);
    }

    private static bool HasGroup(Template template, Resource user)
    {
        if (NonEmpty(user["Groups"]))
        {
            return true;
        }

        var userName = user["UserName"];
        return template.Resources.Where(a => a.Type == "AWS::IAM::UserToGroupAddition").Any(a =>
            a["Users"] is CfnNagList users && users.Items.Any(u =>
                (userName is not null && u.GetType() == userName.GetType() && u.RubyString == userName.RubyString) || (u is CfnNagMap m && m["Ref"] is CfnNagScalar r && r.Text == user.LogicalId)));
    }

    /// <summary>cfn-model's References.resolve_resource_id: the logical id a Ref or GetAtt (with that attribute) names.</summary>
    private static string? ResourceIdOf(CfnNagValue? reference, string? attribute)
    {
        if (reference is not CfnNagMap map)
        {
            return null;
        }

        if (map["Ref"] is CfnNagScalar r)
        {
            return r.Text;
        }

        return map["Fn::GetAtt"] switch
        {
            CfnNagList { Items.Count: >= 1 } l when attribute is null || (l.Items.Count > 1 && l.Items[1].RubyString == attribute) => l.Items[0].RubyString,
            CfnNagScalar s when attribute is null || s.Text.Split('.').ElementAtOrDefault(1) == attribute => s.Text.Split('.')[0],
            _ => null,
        };
    }

    private static bool NonEmpty(CfnNagValue? value) => value is CfnNagList { Items.Count: > 0 } or CfnNagMap { Entries.Count: > 0 };

    private static bool Truthy(CfnNagValue? value) => value is not null && string.Equals(value.RubyString, "true", StringComparison.OrdinalIgnoreCase);

    private static bool NotTruthy(CfnNagValue? value) =>
        value is null or CfnNagScalar { Kind: ScalarKind.Null } || string.Equals(value.RubyString, "false", StringComparison.OrdinalIgnoreCase);

    private static bool IsNoValue(CfnNagValue? value) => value is CfnNagMap { Entries.Count: 1 } m && m["Ref"] is CfnNagScalar { Text: "AWS::NoValue" };

    /// <summary>cfn_nag's wildcard_patterns: the word, every <c>*suffix</c>, <c>prefix*</c>, <c>*infix*</c>, and <c>*</c>.</summary>
    internal static IEnumerable<string> WildcardPatterns(string input)
    {
        yield return input;
        for (var s = input; s.Length > 0; s = s[1..])
        {
            yield return "*" + s;
        }

        for (var s = input; s.Length > 0; s = s[..^1])
        {
            yield return s + "*";
        }

        for (var t = input; t.Length > 0; t = t[1..])
        {
            for (var s = t; s.Length > 0; s = s[..^1])
            {
                yield return "*" + s + "*";
            }
        }

        yield return "*";
    }

    [GeneratedRegex(@"^.+:\*$")]
    private static partial Regex WildcardActionLine();

    /// <summary>A policy statement as cfn-model parses it (values resolved, single values as one-item lists).</summary>
    private sealed record Statement(CfnNagValue? Effect, IReadOnlyList<CfnNagValue> Actions, IReadOnlyList<CfnNagValue> Resources, CfnNagValue? Principal, CfnNagValue? NotPrincipal)
    {
        public bool Allows => Effect is CfnNagScalar { IsString: true, Text: "Allow" };

        public bool HasNotPrincipal => NotPrincipal is not null and not CfnNagScalar { Kind: ScalarKind.Null };

        /// <summary>cfn-model's Principal.wildcard?: a string with <c>*</c>, or a map with such a string or list item among its values.</summary>
        public bool WildcardPrincipal => Principal switch
        {
            CfnNagScalar { Kind: not ScalarKind.Null } s => s.RubyString.Contains('*', StringComparison.Ordinal),
            CfnNagMap m => m.Entries.Any(e => e.Value switch
            {
                CfnNagScalar { IsString: true } v => v.Text.Contains('*', StringComparison.Ordinal),
                CfnNagList l => l.Items.Any(i => i is CfnNagScalar { IsString: true } v && v.Text.Contains('*', StringComparison.Ordinal)),
                _ => false,
            }),
            _ => false,
        };
    }

    private sealed class Resource(string logicalId, string type, int line, CfnNagMap? properties, CfnNagValue? metadata, CfnNagMap? mappings)
    {
        public string LogicalId { get; } = logicalId;

        public string Type { get; } = type;

        public int Line { get; } = line;

        /// <summary>
        /// A property as cfn-model reads it: matched on its name with the first letter lower-cased, then resolved
        /// (its model elements resolve every property they read, so <c>!Sub '*'</c> is the string <c>*</c>).
        /// </summary>
        public CfnNagValue? this[string property]
        {
            get
            {
                var attribute = Attribute(property);
                var value = properties?.Entries.LastOrDefault(e => e.Key.Length > 0 && Attribute(e.Key) == attribute).Value;
                value = CfnNagResolver.Resolve(CfnNagResolver.Evaluate(value), mappings);
                return value is CfnNagScalar { Kind: ScalarKind.Null } ? null : value;
            }
        }

        public bool Suppresses(string ruleId) =>
            metadata is CfnNagMap m && m["cfn_nag"] is CfnNagMap nag && nag["rules_to_suppress"] is CfnNagList rules
            && rules.Items.Any(r => r is CfnNagMap rule && rule["id"] is CfnNagScalar { IsString: true } id && id.Text == ruleId);

        private static string Attribute(string name) => (char.ToLowerInvariant(name[0]) + name[1..]).Replace('-', '_');
    }

    private sealed class Template
    {
        public Template(CfnNagMap root, CfnNagMap resources)
        {
            Mappings = root["Mappings"] as CfnNagMap;
            Parameters = root["Parameters"] as CfnNagMap;
            Resources = [.. resources.Entries.Where(e => e.Value is CfnNagMap r && r["Type"] is CfnNagScalar).Select(e =>
            {
                var r = (CfnNagMap)e.Value;
                var type = (CfnNagScalar)r["Type"]!;
                return new Resource(e.Key, type.Text, type.Line, r["Properties"] as CfnNagMap, r["Metadata"], Mappings);
            })];
        }

        public CfnNagMap? Mappings { get; }

        public CfnNagMap? Parameters { get; }

        public IReadOnlyList<Resource> Resources { get; }

        /// <summary>cfn-model's PolicyDocumentParser: Statement (one or a list), each field resolved.</summary>
        public List<Statement> Document(CfnNagValue? document)
        {
            if (document is not CfnNagMap map)
            {
                return [];
            }

            return Streamline(map["Statement"]).OfType<CfnNagMap>().Select(s => new Statement(
                CfnNagResolver.Resolve(s["Effect"], Mappings),
                Streamline(CfnNagResolver.Resolve(StreamlineValue(s["Action"]), Mappings)),
                Streamline(CfnNagResolver.Resolve(StreamlineValue(s["Resource"]), Mappings)),
                CfnNagResolver.Resolve(s["Principal"], Mappings),
                CfnNagResolver.Resolve(s["NotPrincipal"], Mappings))).ToList();
        }

        private static CfnNagValue? StreamlineValue(CfnNagValue? value) =>
            value is CfnNagScalar { IsString: true } or CfnNagMap ? new CfnNagList([value], value.Line) : value;

        private static IReadOnlyList<CfnNagValue> Streamline(CfnNagValue? value) => value switch
        {
            null or CfnNagScalar { Kind: ScalarKind.Null } => [],
            CfnNagList list => list.Items,
            _ => [value],
        };
    }
}
