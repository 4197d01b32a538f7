using System.Collections.Frozen;

namespace GovCfct.Core.Validation.Rules;

/// <summary>What a cfn-lint finding becomes in <c>govcfct validate</c>.</summary>
internal enum LintSeverity
{
    /// <summary>CloudFormation (ValidateTemplate, stack creation) or the resource's service refuses the template.</summary>
    Error,

    /// <summary>Likely wrong, but CloudFormation may accept it: shown, does not fail the run.</summary>
    Warning,

    /// <summary>Style and hygiene (unused parameters, hard-coded zones): shown only with <c>--lint strict</c>.</summary>
    Hidden,
}

/// <summary>
/// The deliberate severity of each cfn-lint rule (cfn-lint 1.x rule ids). cfn-lint's "E" means "the linter thinks
/// this is wrong", not "CloudFormation rejects it": E4002 on Metadata, for instance, fires on values CloudFormation
/// ignores. So only rules whose finding CloudFormation or the service really refuses are errors; every other E rule
/// is a warning, and W and I rules are hidden unless listed here. The table is documented in docs/validate.md, and
/// a test lists the installed cfn-lint's rules to prove every one is mapped or falls into these defaults.
/// </summary>
internal static class CfnLintSeverities
{
    /// <summary>Explicit mappings with the reason, in rule id order.</summary>
    public static IReadOnlyList<(string Rule, LintSeverity Severity, string Why)> Table { get; } =
    [
        ("E0000", LintSeverity.Error, "the template does not parse; ValidateTemplate fails"),
        ("E0001", LintSeverity.Error, "the transform fails; CloudFormation cannot process the template"),
        ("E1001", LintSeverity.Error, "top-level sections are malformed; ValidateTemplate fails (Template format error)"),
        ("E1002", LintSeverity.Error, "template larger than CloudFormation's TemplateURL limit (1 MB)"),
        ("E1003", LintSeverity.Error, "Description longer than 1,024 bytes; ValidateTemplate fails"),
        ("E1004", LintSeverity.Error, "Description is not a string; ValidateTemplate fails"),
        ("E1005", LintSeverity.Error, "Transform is malformed; CloudFormation fails"),
        ("E1010", LintSeverity.Error, "GetAtt to an undefined resource or attribute; CloudFormation rejects the template (a type mismatch of the value, checked on every Fn::If branch, is a warning)"),
        ("E1011", LintSeverity.Error, "FindInMap to a missing map or key, or malformed; stack creation fails"),
        ("E1015", LintSeverity.Error, "GetAZs malformed; Template format error"),
        ("E1016", LintSeverity.Error, "ImportValue malformed; Template format error"),
        ("E1017", LintSeverity.Error, "Select malformed; Template format error"),
        ("E1018", LintSeverity.Error, "Split malformed; Template format error"),
        ("E1019", LintSeverity.Error, "Sub names an undefined variable or is malformed; Unresolved resource dependencies"),
        ("E1020", LintSeverity.Error, "Ref to an undefined parameter or resource; Unresolved resource dependencies (a type mismatch of the value, checked on every Fn::If branch, is a warning)"),
        ("E1021", LintSeverity.Error, "Base64 malformed; Template format error"),
        ("E1022", LintSeverity.Error, "Join malformed; Template format error"),
        ("E1024", LintSeverity.Error, "Cidr malformed; Template format error"),
        ("E1027", LintSeverity.Error, "secure-string dynamic reference where CloudFormation does not resolve it"),
        ("E1028", LintSeverity.Error, "Fn::If malformed; Template format error"),
        ("E1030", LintSeverity.Error, "Fn::Length malformed; the LanguageExtensions transform fails"),
        ("E1031", LintSeverity.Error, "Fn::ToJsonString malformed; the LanguageExtensions transform fails"),
        ("E1032", LintSeverity.Error, "Fn::ForEach malformed; the LanguageExtensions transform fails"),
        ("E1050", LintSeverity.Error, "dynamic reference malformed; CloudFormation fails to resolve it"),
        ("E1051", LintSeverity.Error, "Secrets Manager dynamic reference outside resource properties; CloudFormation refuses it"),
        ("E1052", LintSeverity.Error, "SSM dynamic reference in an unsupported location; CloudFormation refuses it"),
        ("E1700", LintSeverity.Error, "Rules section malformed; ValidateTemplate fails"),
        ("E1701", LintSeverity.Error, "Assertions malformed; ValidateTemplate fails"),
        ("E1702", LintSeverity.Error, "RuleCondition malformed; ValidateTemplate fails"),
        ("E2001", LintSeverity.Error, "Parameters entry malformed; ValidateTemplate fails"),
        ("E2002", LintSeverity.Error, "unknown parameter Type; ValidateTemplate fails"),
        ("E2003", LintSeverity.Error, "parameter name not alphanumeric; ValidateTemplate fails"),
        ("E2010", LintSeverity.Error, "more parameters than CloudFormation allows (200)"),
        ("E2011", LintSeverity.Error, "parameter name longer than CloudFormation allows"),
        ("E2015", LintSeverity.Warning, "Default outside the parameter's constraints matters only when the default is used, and cfn-lint compares YAML types (Default: true against AllowedValues ['true']) where CloudFormation compares strings"),
        ("E2531", LintSeverity.Error, "Lambda runtime past its block-create date; Lambda refuses CreateFunction"),
        ("E2533", LintSeverity.Error, "Lambda runtime past its block-create and block-update dates; Lambda refuses to create the function in a new account or to update it"),
        ("E3001", LintSeverity.Error, "resource malformed (Type missing, unknown attribute); ValidateTemplate fails"),
        ("E3002", LintSeverity.Error, "unknown or misplaced property; the resource handler refuses it (Encountered unsupported property)"),
        ("E3003", LintSeverity.Error, "required property missing; the resource handler refuses it"),
        ("E3004", LintSeverity.Error, "circular dependency; ValidateTemplate fails"),
        ("E3005", LintSeverity.Error, "DependsOn names an undefined resource; ValidateTemplate fails"),
        ("E3006", LintSeverity.Error, "resource type unknown in the region; CloudFormation refuses it"),
        ("E3007", LintSeverity.Error, "duplicate logical id; the template is invalid"),
        ("E3010", LintSeverity.Error, "more resources than CloudFormation allows (500)"),
        ("E3011", LintSeverity.Error, "logical id not alphanumeric; ValidateTemplate fails"),
        ("E3012", LintSeverity.Error, "property value of the wrong type (an object where a list is required, ...); the resource handler refuses it"),
        ("E3015", LintSeverity.Error, "resource Condition names an undefined condition; ValidateTemplate fails"),
        ("E3019", LintSeverity.Error, "two resources with the same physical name; the second creation fails (AlreadyExists)"),
        ("E3030", LintSeverity.Error, "property value outside the resource schema's enum; the service refuses it"),
        ("E3032", LintSeverity.Error, "list shorter or longer than the resource schema allows; the service refuses it"),
        ("E3033", LintSeverity.Error, "string shorter or longer than the resource schema allows; the service refuses it"),
        ("E3034", LintSeverity.Error, "number outside the resource schema's range; the service refuses it"),
        ("E3035", LintSeverity.Error, "invalid DeletionPolicy; ValidateTemplate fails"),
        ("E3036", LintSeverity.Error, "invalid UpdateReplacePolicy; ValidateTemplate fails"),
        ("E3055", LintSeverity.Error, "invalid CreationPolicy; CloudFormation refuses it"),
        ("E3510", LintSeverity.Error, "identity policy document malformed; IAM refuses it (MalformedPolicyDocument)"),
        ("E3512", LintSeverity.Error, "resource policy document malformed; the service refuses it"),
        ("E3530", LintSeverity.Error, "trust policy malformed; IAM refuses it (MalformedPolicyDocument)"),
        ("E3710", LintSeverity.Error, "resource type of a service that has been shut down; creation fails"),
        ("E4001", LintSeverity.Hidden, "Metadata AWS::CloudFormation::Interface is for the console; CloudFormation ignores it when deploying"),
        ("E4002", LintSeverity.Hidden, "Metadata values are not interpreted by CloudFormation"),
        ("E6001", LintSeverity.Error, "Outputs malformed; ValidateTemplate fails"),
        ("E6002", LintSeverity.Error, "output without Value; ValidateTemplate fails"),
        ("E6003", LintSeverity.Error, "output property of the wrong type; ValidateTemplate fails"),
        ("E6004", LintSeverity.Error, "output name not alphanumeric; ValidateTemplate fails"),
        ("E6005", LintSeverity.Error, "output Condition names an undefined condition; ValidateTemplate fails"),
        ("E6010", LintSeverity.Error, "more outputs than CloudFormation allows (200)"),
        ("E6011", LintSeverity.Error, "output name longer than CloudFormation allows"),
        ("E6101", LintSeverity.Error, "output Value is not a string; CloudFormation refuses it"),
        ("E6102", LintSeverity.Error, "export value is not a string; CloudFormation refuses it"),
        ("E7001", LintSeverity.Error, "Mappings malformed; ValidateTemplate fails"),
        ("E7002", LintSeverity.Error, "mapping name not alphanumeric; ValidateTemplate fails"),
        ("E7010", LintSeverity.Error, "more mappings than CloudFormation allows"),
        ("E8001", LintSeverity.Error, "Conditions malformed; ValidateTemplate fails"),
        ("E8002", LintSeverity.Error, "reference to an undefined condition; ValidateTemplate fails"),
        ("E8003", LintSeverity.Error, "Fn::Equals malformed; ValidateTemplate fails"),
        ("E8004", LintSeverity.Error, "Fn::And malformed; ValidateTemplate fails"),
        ("E8005", LintSeverity.Error, "Fn::Not malformed; ValidateTemplate fails"),
        ("E8006", LintSeverity.Error, "Fn::Or malformed; ValidateTemplate fails"),
        ("E8007", LintSeverity.Error, "Condition malformed; ValidateTemplate fails"),
        ("W1001", LintSeverity.Warning, "Ref/GetAtt to a resource that does not exist when its condition is false: creation fails under that condition"),
        ("W1100", LintSeverity.Warning, "YAML merge keys (<<) are not part of CloudFormation's YAML"),
        ("W2030", LintSeverity.Warning, "a parameter's allowed or default value is not valid for the property it feeds"),
        ("W2031", LintSeverity.Warning, "a parameter's allowed or default value does not match the pattern of the property it feeds"),
        ("W2531", LintSeverity.Warning, "Lambda runtime past end of life: updates will soon be refused"),
        ("W3002", LintSeverity.Warning, "a property that only works after 'aws cloudformation package' (local path); CfCT does not package templates"),
        ("W3034", LintSeverity.Warning, "a parameter's value range does not fit the property it feeds"),
    ];

    // After Table: static initializers run in text order.
    private static readonly FrozenDictionary<string, (LintSeverity Severity, string Why)> ByRule =
        Table.ToFrozenDictionary(t => t.Rule, t => (t.Severity, t.Why), StringComparer.Ordinal);

    /// <summary>The documented defaults for rules not in the table, by cfn-lint level letter.</summary>
    public static LintSeverity Default(char level) => level == 'E' ? LintSeverity.Warning : LintSeverity.Hidden;

    /// <summary>Whether the rule has an explicit mapping (for the docs test).</summary>
    public static bool IsMapped(string rule) => ByRule.ContainsKey(rule);

    /// <summary>The severity for <paramref name="rule"/> in the given mode; strict follows cfn-lint's own level.</summary>
    public static LintSeverity For(string rule, string? cfnLintLevel, LintMode mode)
    {
        if (mode == LintMode.Strict)
        {
            return cfnLintLevel switch
            {
                "Error" => LintSeverity.Error,
                "Warning" => LintSeverity.Warning,
                _ => LintSeverity.Hidden,
            };
        }

        return ByRule.TryGetValue(rule, out var mapped) ? mapped.Severity : Default(rule.Length > 0 ? rule[0] : 'I');
    }

    /// <summary>
    /// The severity of one finding: E1010 and E1020 report both undefined names ("... is not one of [...]"), which
    /// CloudFormation rejects, and value types checked on every Fn::If branch, which it may never evaluate.
    /// </summary>
    public static LintSeverity For(string rule, string? cfnLintLevel, LintMode mode, string message)
    {
        var severity = For(rule, cfnLintLevel, mode);
        return mode == LintMode.Default && rule is "E1010" or "E1020" && !message.Contains("is not one of", StringComparison.Ordinal)
            ? LintSeverity.Warning
            : severity;
    }

    /// <summary>Why the rule is an error (from the table), for the hint; null when unmapped.</summary>
    public static string? Why(string rule) => ByRule.TryGetValue(rule, out var mapped) ? mapped.Why : null;
}
