using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>What a statement does when it matches.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>The kind of policy a document is checked as: SCPs forbid Principal, RCPs require it.</summary>
public enum PolicyKind
{
    Scp,
    Rcp,
}

/// <summary>
/// An SCP or RCP document as authored. Immutable and free of JSON types so that packing, evaluation and
/// checks work on the same value; <see cref="Location"/> points at the file it came from.
/// </summary>
public sealed record PolicyDocument(string? Version, string? Id, ImmutableArray<PolicyStatement> Statements, SourceLocation Location)
{
    /// <summary>The only policy language version Organizations accepts for SCPs and RCPs.</summary>
    public const string CurrentVersion = "2012-10-17";
}

/// <summary>
/// One statement. <see cref="Actions"/> holds Action or NotAction values (<see cref="IsNotAction"/> tells which);
/// <see cref="Resources"/> holds Resource or NotResource values and is empty when the statement has neither.
/// The Principal is kept as minified JSON because only RCPs use it and only its presence is judged.
/// </summary>
public sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    ImmutableArray<string> Actions,
    bool IsNotAction,
    ImmutableArray<string> Resources,
    bool IsNotResource,
    ImmutableArray<PolicyCondition> Conditions,
    string? PrincipalJson = null,
    bool IsNotPrincipal = false,
    SourceLocation? Location = null)
{
    public bool HasPrincipal => PrincipalJson is not null;

    /// <summary>A short name for messages: the Sid, or the 1-based position when there is none.</summary>
    public string DisplayName(int index) => string.IsNullOrEmpty(Sid) ? $"#{index + 1}" : $"'{Sid}'";
}

/// <summary>
/// One condition test: operator (e.g. <c>ArnNotLike</c>, <c>ForAnyValue:StringLike</c>), key, and the values the
/// key is compared with (OR-ed). <see cref="Literal"/> records that the values were JSON booleans or numbers, so
/// the serializer writes them back unquoted.
/// </summary>
public sealed record PolicyCondition(string Operator, string Key, ImmutableArray<string> Values, bool Literal = false);
