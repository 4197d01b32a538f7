using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>One exempted principal pattern that a non-exempt principal could become, with the denies that are missing.</summary>
public sealed record EscalationFinding(string PolicyName, string StatementName, string Pattern, string AttackerArn, string ResourceArn, ImmutableArray<string> MissingDenies);

/// <summary>The findings of an escalation check; safe when there are none.</summary>
public sealed record EscalationResult(ImmutableArray<EscalationFinding> Findings, ImmutableArray<string> CheckedPatterns)
{
    public bool IsSafe => Findings.IsEmpty;
}

/// <summary>
/// Proves that the principals a set of SCPs exempts cannot be impersonated. An exemption on <c>aws:PrincipalArn</c>
/// is a name: an administrator who may create a role with that name (or re-trust, grant or pass an existing one)
/// steps around every policy that exempts it. Control Tower protects only its own role names (GRIAMROLEPOLICY,
/// docs/facts/landing-zone.md §2.3, §7.4), so for every exempted role or user pattern the same SCPs must deny a non-exempt
/// principal each way of becoming it. Companion of <see cref="LockoutChecker"/>, which proves the opposite direction.
/// </summary>
public sealed class EscalationChecker(EvaluationOptions? options = null)
{
    /// <summary>The sample member account the requests are made in.</summary>
    public const string SampleAccount = ProtectedPrincipal.SampleAccount;

    /// <summary>Ways of becoming a role: create it, trust oneself, grant it more, lift its boundary, delete and recreate it, pass it to a service.</summary>
    public static ImmutableArray<string> RoleActions { get; } =
    [
        "iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
        "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRole", "iam:PassRole",
    ];

    /// <summary>Ways of changing a role's tags; required only when an exemption keys on <c>aws:PrincipalTag</c>.</summary>
    public static ImmutableArray<string> RoleTagActions { get; } = ["iam:TagRole", "iam:UntagRole"];

    /// <summary>Ways of becoming an IAM user: create it or its credentials, grant it more, lift its boundary.</summary>
    public static ImmutableArray<string> UserActions { get; } =
    [
        "iam:CreateUser", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateAccessKey", "iam:AttachUserPolicy",
        "iam:PutUserPolicy", "iam:AddUserToGroup", "iam:PutUserPermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
    ];

    /// <summary>Ways of changing a user's tags; required only when an exemption keys on <c>aws:PrincipalTag</c>.</summary>
    public static ImmutableArray<string> UserTagActions { get; } = ["iam:TagUser", "iam:UntagUser"];

    private static readonly HashSet<string> NegatedArnOperators = new(StringComparer.OrdinalIgnoreCase)
    {
        "ArnNotLike", "ArnNotEquals", "StringNotLike", "StringNotEquals", "StringNotEqualsIgnoreCase",
        "ArnNotLikeIfExists", "ArnNotEqualsIfExists", "StringNotLikeIfExists", "StringNotEqualsIfExists",
    };

    private readonly PolicyEvaluator _evaluator = new(options);

    /// <summary>
    /// The principals that try to become an exempted one: an Identity Center session of the Admin permission set
    /// (AdministratorAccess by design, docs/facts/landing-zone.md §2.4 for the ARN form) and an ordinary role of a system.
    /// </summary>
    public static ImmutableArray<string> DefaultAttackers(string adminPermissionSetName = "AWSAdministratorAccess") =>
    [
        $"arn:aws:iam::{SampleAccount}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_{adminPermissionSetName}_0123456789abcdef",
        $"arn:aws:iam::{SampleAccount}:role/SystemAdministrator",
    ];

    /// <summary>Every role or user pattern a Deny statement of <paramref name="policies"/> exempts, with the first statement that does.</summary>
    public static IReadOnlyList<(string Pattern, int Policy, int Statement)> ExemptedPatterns(IReadOnlyList<(string Name, PolicyDocument Doc)> policies, out bool tagsDriveExemptions)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var result = new List<(string, int, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        tagsDriveExemptions = false;
        for (var p = 0; p < policies.Count; p++)
        {
            var statements = policies[p].Doc.Statements;
            for (var s = 0; s < statements.Length; s++)
            {
                if (statements[s].Effect != PolicyEffect.Deny)
                {
                    continue;
                }

                foreach (var condition in statements[s].Conditions.Where(c => NegatedArnOperators.Contains(c.Operator)))
                {
                    if (condition.Key.StartsWith("aws:PrincipalTag/", StringComparison.OrdinalIgnoreCase))
                    {
                        tagsDriveExemptions = true;
                    }
                    else if (string.Equals(condition.Key, "aws:PrincipalArn", StringComparison.OrdinalIgnoreCase))
                    {
                        foreach (var value in condition.Values.Where(seen.Add))
                        {
                            result.Add((value, p, s));
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Each finding is also an error naming the exempting policy and statement, the pattern and the missing denies.</summary>
    public EscalationResult Check(IReadOnlyList<(string Name, PolicyDocument Doc)> policies, IReadOnlyList<string> attackers, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(attackers);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var findings = ImmutableArray.CreateBuilder<EscalationFinding>();
        var checkedPatterns = ImmutableArray.CreateBuilder<string>();
        var unsupported = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (pattern, policyIndex, statementIndex) in ExemptedPatterns(policies, out var tags))
        {
            var (name, document) = policies[policyIndex];
            var statement = document.Statements[statementIndex];
            var location = statement.Location ?? document.Location;
            ImmutableArray<string> required;
            if (pattern.Contains(":role/", StringComparison.Ordinal))
            {
                required = tags ? RoleActions.AddRange(RoleTagActions) : RoleActions;
            }
            else if (pattern.Contains(":user/", StringComparison.Ordinal))
            {
                required = tags ? UserActions.AddRange(UserTagActions) : UserActions;
            }
            else
            {
                diagnostics.Report(
                    DiagnosticCodes.EscalationPatternUnsupported,
                    $"policy '{name}' statement {statement.DisplayName(statementIndex)} exempts '{pattern}', which is neither a role nor an IAM user; the escalation check cannot prove it cannot be impersonated",
                    location,
                    "exempt roles (arn:*:iam::*:role/NAME) or IAM users (arn:*:iam::*:user/NAME) only");
                continue;
            }

            checkedPatterns.Add(pattern);
            var resource = ProtectedPrincipal.SampleFor(pattern);
            foreach (var attacker in attackers.Where(a => !IamWildcard.ArnMatch(pattern, a)))
            {
                var missing = new List<string>();
                foreach (var action in required)
                {
                    var request = RequestContext.Create(
                        attacker,
                        action,
                        resource,
                        ("aws:PrincipalAccount", SampleAccount),
                        ("aws:RequestedRegion", ProtectedPrincipal.GlobalRegion),
                        ("aws:PrincipalType", "AssumedRole"));
                    var result = _evaluator.Evaluate(policies, request);
                    unsupported.UnionWith(result.UnsupportedOperators);
                    if (result.Decision != PolicyDecision.ExplicitDeny)
                    {
                        missing.Add(action);
                    }
                }

                if (missing.Count == 0)
                {
                    continue;
                }

                findings.Add(new EscalationFinding(name, statement.DisplayName(statementIndex), pattern, attacker, resource, [.. missing]));
                diagnostics.Report(
                    DiagnosticCodes.EscalationPossible,
                    $"policy '{name}' statement {statement.DisplayName(statementIndex)} exempts '{pattern}', but no policy denies {attacker} {string.Join(", ", missing)} on {resource}: anyone with IAM access can become that principal and step around every policy that exempts it",
                    location,
                    "assign protect-exempt-principals wherever this policy applies (it denies everyone but the exempted principals these actions on their ARNs), or remove the exemption");
                break;
            }
        }

        foreach (var op in unsupported)
        {
            diagnostics.Report(
                DiagnosticCodes.LockoutOperatorUnsupported,
                $"the escalation check cannot evaluate the condition operator '{op}' and assumed it matches",
                null,
                "use one of the operators listed in docs/policies.md, or review the statement by hand");
        }

        return new EscalationResult(findings.ToImmutable(), checkedPatterns.ToImmutable());
    }
}
