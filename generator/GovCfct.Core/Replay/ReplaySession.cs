using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Replay;

/// <summary>What to replay: the two packages, the organization, the window and the account/OU filters.</summary>
public sealed record ReplayOptions(CfctPackage Previous, CfctPackage Current, OrgSnapshot Organization)
{
    /// <summary>Records before this time are outside the window (null: no lower bound).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Records at or after this time are outside the window (null: no upper bound).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only these accounts (empty: all).</summary>
    public ImmutableArray<string> Accounts { get; init; } = [];

    /// <summary>Only accounts in these OU paths or below (empty: all).</summary>
    public ImmutableArray<string> Ous { get; init; } = [];

    /// <summary>Skip records outside the diff surface from their raw bytes (the default); false parses every record.</summary>
    public bool FastPath { get; init; } = true;

    /// <summary>Shown in the report: the trail source.</summary>
    public string TrailDisplay { get; init; } = string.Empty;
}

/// <summary>
/// One replay: feed it CloudTrail files (<see cref="ReadFile"/>) or records (<see cref="Add"/>), then
/// <see cref="Finish"/>. Judges each call against the previous and the new package's SCPs (the caller's account, on
/// the caller's copy of the record) and RCPs (the resource owner's account: on the owner's copy of a cross-account
/// call, or a same-account call on a resource of the supported services), groups the verdicts and calibrates against
/// the denials CloudTrail recorded. Not thread-safe: one session per thread.
/// </summary>
public sealed partial class ReplaySession
{
    /// <summary>The services whose resources RCPs govern (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).</summary>
    public static readonly FrozenSet<string> RcpServices = new[] { "s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-identity", "dynamodb", "logs" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private const int MaxDisagreements = 50;

    private static readonly string[] DenialCodes = ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "UnauthorizedOperation", "UnauthorizedAccess"];

    private readonly ReplayOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly EventActionMap _map;
    private readonly OrgIndex _org;
    private readonly PackagePolicies _previous;
    private readonly PackagePolicies _current;
    private readonly ReplayEvaluator _evaluator = new();
    private readonly HashSet<string>? _accountFilter;
    private readonly Dictionary<string, SurfaceEntry> _surfaceCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SurfaceEntry>.AlternateLookup<ReadOnlySpan<char>> _surfaceLookup;
    private readonly Dictionary<GroupKey, GroupValue> _groups = [];
    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _unmapped = new(StringComparer.Ordinal);
    private readonly Dictionary<ReplayVerdict, long> _verdicts = [];
    private readonly bool[] _patternSeen;
    private readonly List<CalibrationMiss> _misses = [];
    private readonly Dictionary<string, string> _policyNamesById;
    private readonly Dictionary<string, string> _accountPaths = new(StringComparer.Ordinal);
    private long _files, _unreadable, _records, _parsed, _judged, _denials, _agreed, _agreedMaybe, _calibrationJudged, _missCount;

    public ReplaySession(ReplayOptions options, DiagnosticBag diagnostics, EventActionMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        _options = options;
        _diagnostics = diagnostics;
        _map = map ?? EventActionMap.Default;
        _org = new OrgIndex(options.Organization);
        _previous = PackagePolicies.From(options.Previous, _org, diagnostics);
        _current = PackagePolicies.From(options.Current, _org, diagnostics);
        Surface = DiffSurface.Compute(_previous, _current);
        _patternSeen = new bool[Surface.Statements.Count];
        _surfaceLookup = _surfaceCache.GetAlternateLookup<ReadOnlySpan<char>>();
        _policyNamesById = options.Organization.Policies.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        if (!options.Accounts.IsDefaultOrEmpty || !options.Ous.IsDefaultOrEmpty)
        {
            _accountFilter = new HashSet<string>(options.Accounts.IsDefault ? [] : options.Accounts, StringComparer.Ordinal);
            foreach (var ou in options.Ous.IsDefault ? [] : options.Ous)
            {
                foreach (var account in options.Organization.Accounts)
                {
                    var path = AccountPath(account.Id);
                    if (path == ou || path.StartsWith(ou + ":", StringComparison.Ordinal) || ou == OrgIndex.RootPath)
                    {
                        _accountFilter.Add(account.Id);
                    }
                }
            }
        }

        if (Surface.IsEmpty)
        {
            diagnostics.Report(DiagnosticCodes.ReplayNoDiffSurface, "the previous and the new package give every OU the same SCP and RCP statements; only the calibration is replayed");
        }
    }

    /// <summary>The accounts <c>--account</c>/<c>--ou</c> select (null: all), for pruning the trail's folders.</summary>
    public IReadOnlySet<string>? AccountFilter => _accountFilter;

    /// <summary>Whether a trail file (key in CloudTrail's layout) can hold records this replay judges.</summary>
    public bool MayHold(string key) => TrailFiles.MayHold(key, _options.Since, _options.Until, _accountFilter);

    /// <summary>The statements that differ, and the actions they name.</summary>
    public DiffSurface Surface { get; }

    /// <summary>Reads one trail file; an unreadable file is reported (GCF7001) and counted, its records are lost.</summary>
    public void ReadFile(Stream stream, string display)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _files++;
        try
        {
            var counts = CloudTrailFileReader.Read(stream, _options.FastPath ? KeepRecord : null, Add);
            _records += counts.Records;
        }
        catch (InvalidDataException ex)
        {
            _unreadable++;
            _diagnostics.Report(DiagnosticCodes.ReplayTrailUnreadable, $"{display}: {ex.Message}", new SourceLocation(display), "check it with `zcat FILE | python3 -m json.tool`");
        }
    }

    /// <summary>Judges one parsed record.</summary>
    public void Add(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _parsed++;
        if (record.EventType is { } type && type != "AwsApiCall")
        {
            Skip($"not an API call ({type})");
            return;
        }

        if (!InWindow(record.EventTime))
        {
            Skip("outside the window");
            return;
        }

        var mapping = _map.Map(record.EventSource, record.EventName);
        if (mapping.Kind == ActionMappingKind.NoPermission)
        {
            Skip("needs no permission (sts:GetCallerIdentity)");
            return;
        }

        var denial = RecordedDenial(record);
        var actions = mapping.Actions;
        if (denial is { Action: { } deniedAction })
        {
            actions = [deniedAction];
        }
        else if (mapping.Kind == ActionMappingKind.Unmapped)
        {
            Skip("no IAM action for the event");
            Count(_unmapped, $"{record.EventSource}:{record.EventName}");
            return;
        }

        var principal = Principal(record, out var skipReason);
        if (principal is null)
        {
            Skip(skipReason!);
            return;
        }

        var caller = record.IdentityAccountId;
        var recipient = record.RecipientAccountId ?? caller;
        var management = _options.Organization.ManagementAccountId;
        var resourceOwner = record.Resources.Select(r => r.AccountId).FirstOrDefault(a => !string.IsNullOrEmpty(a));
        var scpAccount = caller is not null && caller == recipient && caller != management && _org.Account(caller) is not null ? caller : null;
        var rcpAccount = recipient is not null && recipient != management && _org.Account(recipient) is not null
            && (recipient != caller || resourceOwner is null || resourceOwner == recipient)
            && actions.Any(a => RcpServices.Contains(a[..a.IndexOf(':', StringComparison.Ordinal)]))
            ? recipient
            : null;
        if (scpAccount is null && rcpAccount is null)
        {
            Skip(caller == management || recipient == management ? "management account (SCPs and RCPs do not apply)"
                : caller != recipient ? "other account's copy of a cross-account call (judged on its own copy)"
                : "account outside the organization snapshot");
            return;
        }

        var account = scpAccount ?? rcpAccount!;
        if (_accountFilter is not null && !_accountFilter.Contains(account))
        {
            Skip("outside --account/--ou");
            return;
        }

        var inSurface = false;
        foreach (var action in actions)
        {
            inSurface |= MarkSurface(action);
        }

        if (!inSurface && denial is null)
        {
            Skip("outside the diff surface (verdict cannot change)");
            AddVerdict(ReplayVerdict.Unchanged);
            return;
        }

        _judged++;
        var (resource, resourceKnown) = Resource(record);
        var before = new Outcome();
        var after = new Outcome();
        foreach (var action in actions)
        {
            var request = Context(record, principal, caller, recipient, action, resource);
            if (scpAccount is not null)
            {
                before.Merge(_evaluator.Evaluate(_previous.ScpLevels(scpAccount)!.Value, request, resourceKnown), "SCP", action);
                after.Merge(_evaluator.Evaluate(_current.ScpLevels(scpAccount)!.Value, request, resourceKnown), "SCP", action);
            }

            if (rcpAccount is not null && RcpServices.Contains(action[..action.IndexOf(':', StringComparison.Ordinal)]))
            {
                before.Merge(_evaluator.Evaluate(_previous.RcpLevels(rcpAccount)!.Value, request, resourceKnown), "RCP", action);
                after.Merge(_evaluator.Evaluate(_current.RcpLevels(rcpAccount)!.Value, request, resourceKnown), "RCP", action);
            }
        }

        if (denial is not null)
        {
            Calibrate(record, denial, principal, account, before);
        }

        if (!inSurface)
        {
            AddVerdict(ReplayVerdict.Unchanged);
            return;
        }

        var verdict = (before.Decision, after.Decision) switch
        {
            (ReplayDecision.Allow, ReplayDecision.Deny) => ReplayVerdict.NewlyDenied,
            (ReplayDecision.Allow, ReplayDecision.MaybeDeny) => ReplayVerdict.MaybeNewlyDenied,
            (ReplayDecision.MaybeDeny, ReplayDecision.Deny) => ReplayVerdict.MaybeNewlyDenied,
            (ReplayDecision.Deny, ReplayDecision.Allow) => ReplayVerdict.NewlyAllowed,
            _ => ReplayVerdict.Unchanged,
        };
        AddVerdict(verdict);
        if (verdict == ReplayVerdict.Unchanged)
        {
            return;
        }

        var deciding = verdict == ReplayVerdict.NewlyAllowed ? before : after;
        var key = new GroupKey(verdict, principal, account, deciding.Action ?? actions[0], ResourcePattern(resource), deciding.PolicyType ?? "SCP", deciding.By, verdict == ReplayVerdict.MaybeNewlyDenied ? (after.MissingKey ?? before.MissingKey) : null);
        var time = record.EventTime ?? string.Empty;
        if (_groups.TryGetValue(key, out var value))
        {
            value.Count++;
            if (string.CompareOrdinal(time, value.First) < 0)
            {
                value.First = time;
            }

            if (string.CompareOrdinal(time, value.Last) > 0)
            {
                value.Last = time;
            }
        }
        else
        {
            _groups[key] = new GroupValue { Count = 1, First = time, Last = time };
        }
    }

    /// <summary>The report: groups sorted by verdict, count (descending), then key; every list deterministic.</summary>
    public ReplayReport Finish()
    {
        if (_records == 0 && _parsed == 0)
        {
            _diagnostics.Report(DiagnosticCodes.ReplayNoRecords, $"no CloudTrail record in {(_options.TrailDisplay.Length > 0 ? _options.TrailDisplay : "the trail")} for the window", hint: "point --trail at the organization trail's AWSLogs/ prefix and check --since/--until");
        }

        if (_missCount > 0)
        {
            _diagnostics.Report(DiagnosticCodes.ReplayCalibrationDisagreement, $"{_missCount} recorded SCP/RCP denial(s) are not denied by the previous package (first: {_misses[0].Action} by {_misses[0].Principal} in {_misses[0].Account}: {_misses[0].Reason})", hint: "see the calibration section; a policy outside the package explains most");
        }

        var groups = _groups
            .Select(kv => new ReplayGroup(kv.Key.Verdict, kv.Key.Principal, kv.Key.Account, _org.Account(kv.Key.Account)?.Name ?? kv.Key.Account, AccountPath(kv.Key.Account), kv.Key.Action, kv.Key.Resource, kv.Key.PolicyType, kv.Key.By, kv.Key.MissingKey, kv.Value.Count, kv.Value.First, kv.Value.Last))
            .OrderBy(g => g.Verdict)
            .ThenByDescending(g => g.Count)
            .ThenBy(g => g.Principal, StringComparer.Ordinal)
            .ThenBy(g => g.Account, StringComparer.Ordinal)
            .ThenBy(g => g.Action, StringComparer.Ordinal)
            .ThenBy(g => g.ResourcePattern, StringComparer.Ordinal)
            .ThenBy(g => g.By, StringComparer.Ordinal)
            .ToImmutableArray();
        var unseen = ImmutableArray.CreateBuilder<string>();
        var notes = ImmutableArray.CreateBuilder<string>();
        var statements = Surface.Statements;
        var seenPatterns = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var unseenPatterns = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < statements.Count; i++)
        {
            var text = statements[i].IsNotAction ? $"all but {string.Join(", ", statements[i].Actions)}" : string.Join(", ", statements[i].Actions);
            (_patternSeen[i] ? seenPatterns : unseenPatterns).Add(text);
        }

        unseen.AddRange(unseenPatterns.Except(seenPatterns, StringComparer.OrdinalIgnoreCase));
        if (statements.Any(s => ReplayEvaluator.ActionMatches(s, "iam:PassRole")))
        {
            notes.Add("iam:PassRole is in the diff surface: CloudTrail never records it as an event of its own (it is authorized inside the call that passes the role, e.g. lambda:CreateFunction, ec2:RunInstances, cloudformation:CreateStack), so no replay can show its verdict.");
        }

        if (statements.Any(s => ReplayEvaluator.ActionMatches(s, "s3:GetObject") || ReplayEvaluator.ActionMatches(s, "s3:PutObject") || ReplayEvaluator.ActionMatches(s, "lambda:InvokeFunction")))
        {
            notes.Add("The diff surface holds data-event actions (s3:GetObject/PutObject, lambda:InvokeFunction…): the Control Tower organization trail logs management events only, so these calls are seen only where a trail logs data events.");
        }

        if (_verdicts.GetValueOrDefault(ReplayVerdict.MaybeNewlyDenied) > 0)
        {
            notes.Add("Maybe newly denied: the new policies deny the call only if a value CloudTrail does not record (named in the group) matches; check that value for the roles listed.");
        }

        return new ReplayReport
        {
            Window = Window(),
            Trail = _options.TrailDisplay,
            Files = _files,
            UnreadableFiles = _unreadable,
            Records = Math.Max(_records, _parsed),
            Parsed = _parsed,
            Judged = _judged,
            Skipped = _skipped.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Unmapped = _unmapped.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Verdicts = Enum.GetValues<ReplayVerdict>().ToImmutableSortedDictionary(v => v, _verdicts.GetValueOrDefault),
            Groups = groups,
            Calibration = new Calibration(_denials, _agreed, _agreedMaybe, _calibrationJudged, [.. _misses], _missCount),
            Surface = Surface.Patterns,
            Unseen = unseen.ToImmutable(),
            Notes = notes.ToImmutable(),
            ActionSource = $"{_map.DataSource}; IAM actions from cfn-lint's policy data (MIT-0)",
        };
    }

    // ---- fast path ------------------------------------------------------------------------------------------------

    private static ReadOnlySpan<byte> SourceKey => "\"eventSource\":\""u8;

    private static ReadOnlySpan<byte> NameKey => "\"eventName\":\""u8;

    private static ReadOnlySpan<byte> ErrorKey => "\"errorCode\":\""u8;

    private static ReadOnlySpan<byte> SourceKeyLower => "\"eventsource\":\""u8;

    private static ReadOnlySpan<byte> NameKeyLower => "\"eventname\":\""u8;

    private static ReadOnlySpan<byte> ErrorKeyLower => "\"errorcode\":\""u8;

    /// <summary>
    /// Decides from the raw bytes whether a record can matter: a record with an error code (calibration), or whose
    /// eventSource/eventName maps to an action in the diff surface, is parsed; any other is counted and skipped. A
    /// record written with other spacing than CloudTrail's compact JSON is always parsed.
    /// </summary>
    private bool KeepRecord(ReadOnlySpan<byte> record)
    {
        if (record.IndexOf(ErrorKey) >= 0 || record.IndexOf(ErrorKeyLower) >= 0)
        {
            return true;
        }

        var source = Value(record, SourceKey, SourceKeyLower);
        var name = Value(record, NameKey, NameKeyLower);
        if (source.IsEmpty || name.IsEmpty || source.Length + name.Length > 200)
        {
            return true;
        }

        Span<char> chars = stackalloc char[source.Length + name.Length + 1];
        var n = Encoding.UTF8.GetChars(source, chars);
        chars[n] = '|';
        n += 1 + Encoding.UTF8.GetChars(name, chars[(n + 1)..]);
        var key = chars[..n];
        if (!_surfaceLookup.TryGetValue(key, out var entry))
        {
            var text = key.ToString();
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var mapping = _map.Map(text[..bar], text[(bar + 1)..]);
            entry = mapping.Kind switch
            {
                ActionMappingKind.Unmapped => SurfaceEntry.Unmapped,
                ActionMappingKind.NoPermission => SurfaceEntry.NoPermission,
                _ => mapping.Actions.Any(Surface.Contains) ? SurfaceEntry.In : SurfaceEntry.Out,
            };
            _surfaceCache[text] = entry;
        }

        switch (entry)
        {
            case SurfaceEntry.In:
                return true;
            case SurfaceEntry.Unmapped:
                // Parsed so that it is counted with its name and judged when it is a recorded denial.
                return true;
            case SurfaceEntry.NoPermission:
                Skip("needs no permission (sts:GetCallerIdentity)");
                return false;
            default:
                Skip("outside the diff surface (verdict cannot change)");
                AddVerdict(ReplayVerdict.Unchanged);
                return false;
        }
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> record, ReadOnlySpan<byte> key, ReadOnlySpan<byte> lowerKey)
    {
        var at = record.IndexOf(key);
        var length = key.Length;
        if (at < 0)
        {
            at = record.IndexOf(lowerKey);
            length = lowerKey.Length;
            if (at < 0)
            {
                return default;
            }
        }

        var rest = record[(at + length)..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        return end < 0 || rest[end] == (byte)'\\' ? default : rest[..end];
    }

    private enum SurfaceEntry
    {
        In,
        Out,
        Unmapped,
        NoPermission,
    }

    // ---- evaluation helpers ---------------------------------------------------------------------------------------

    private bool MarkSurface(string action)
    {
        var any = false;
        var statements = Surface.Statements;
        for (var i = 0; i < statements.Count; i++)
        {
            if (ReplayEvaluator.ActionMatches(statements[i], action))
            {
                _patternSeen[i] = true;
                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// aws:PrincipalArn as SCPs see it: the role for an assumed-role session (Identity Center sessions included), the
    /// user, the root user. Null (with the reason) for what SCPs and RCPs do not govern: AWS service principals,
    /// service-linked roles, web-identity and SAML callers before they assume a role.
    /// </summary>
    private static string? Principal(CloudTrailRecord record, out string? reason)
    {
        reason = null;
        string? arn;
        switch (record.IdentityType)
        {
            case "AWSService":
                reason = "AWS service principal (not governed by SCPs or RCPs)";
                return null;
            case "AssumedRole":
                arn = record.SessionIssuerArn ?? RoleFromSession(record.IdentityArn);
                break;
            case "IAMUser":
            case "Root":
                arn = record.IdentityArn;
                break;
            case "FederatedUser":
                arn = record.SessionIssuerArn ?? record.IdentityArn;
                break;
            case "AWSAccount":
                arn = record.IdentityAccountId is { } id ? $"arn:aws:iam::{id}:root" : null;
                break;
            default:
                reason = $"caller is not an IAM principal of an account ({record.IdentityType ?? "no userIdentity"})";
                return null;
        }

        if (arn is null)
        {
            reason = "userIdentity has no ARN";
            return null;
        }

        if (arn.Contains(":role/aws-service-role/", StringComparison.Ordinal))
        {
            reason = "service-linked role (not governed by SCPs or RCPs)";
            return null;
        }

        return arn;
    }

    /// <summary>arn:aws:sts::A:assumed-role/NAME/SESSION → arn:aws:iam::A:role/NAME (the path is not in the session ARN).</summary>
    private static string? RoleFromSession(string? sessionArn)
    {
        var match = sessionArn is null ? null : AssumedRole().Match(sessionArn);
        return match is { Success: true } ? $"arn:{match.Groups[1].Value}:iam::{match.Groups[2].Value}:role/{match.Groups[3].Value}" : null;
    }

    private RequestContext Context(CloudTrailRecord record, string principal, string? caller, string? recipient, string action, string resource)
    {
        var keys = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.OrdinalIgnoreCase);
        keys["aws:PrincipalArn"] = [principal];
        if (caller is not null)
        {
            keys["aws:PrincipalAccount"] = [caller];
            if (_org.Account(caller) is not null && _options.Organization.OrganizationId is { } orgId)
            {
                keys["aws:PrincipalOrgID"] = [orgId];
            }
        }

        keys["aws:PrincipalType"] = [record.IdentityType switch { "IAMUser" => "User", "Root" => "Account", "AWSAccount" => "Account", _ => record.IdentityType ?? "Unknown" }];
        keys["aws:PrincipalIsAWSService"] = ["false"];
        if (record.IdentityPrincipalId is { } userId)
        {
            keys["aws:userid"] = [userId];
        }

        if (record.AwsRegion is { } region)
        {
            keys["aws:RequestedRegion"] = [region];
        }

        if (record.MfaAuthenticated is { } mfa)
        {
            keys["aws:MultiFactorAuthPresent"] = [mfa];
        }

        if (record.SourceIpAddress is { } ip && IPAddress.TryParse(ip, out _))
        {
            keys["aws:SourceIp"] = [ip];
        }

        if (record.VpcEndpointId is { } vpce)
        {
            keys["aws:SourceVpce"] = [vpce];
        }

        if (record.InvokedBy is { } by && by.EndsWith(".amazonaws.com", StringComparison.Ordinal))
        {
            keys["aws:CalledVia"] = [by];
            keys["aws:CalledViaFirst"] = [by];
            keys["aws:CalledViaLast"] = [by];
            keys["aws:ViaAWSService"] = ["true"];
        }
        else
        {
            keys["aws:ViaAWSService"] = ["false"];
        }

        if (record.SourceIdentity is { } sourceIdentity)
        {
            keys["aws:SourceIdentity"] = [sourceIdentity];
        }

        if (record.EventTime is { } time)
        {
            keys["aws:CurrentTime"] = [time];
            if (DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                keys["aws:EpochTime"] = [at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)];
            }
        }

        if (recipient is not null)
        {
            keys["aws:ResourceAccount"] = [record.Resources.Select(r => r.AccountId).FirstOrDefault(a => !string.IsNullOrEmpty(a)) ?? recipient];
        }

        if (record.RequestTags.Count > 0)
        {
            foreach (var group in record.RequestTags.GroupBy(t => t.Key, StringComparer.Ordinal))
            {
                keys["aws:RequestTag/" + group.Key] = [.. group.Select(t => t.Value)];
            }

            keys["aws:TagKeys"] = [.. record.RequestTags.Select(t => t.Key).Distinct(StringComparer.Ordinal)];
        }

        return new RequestContext(principal, action, resource, keys.ToImmutable());
    }

    /// <summary>The resource ARN the record gives: the S3 bucket/key of requestParameters, else the first of resources[].</summary>
    private static (string Arn, bool Known) Resource(CloudTrailRecord record)
    {
        if (record.BucketName is { Length: > 0 } bucket && record.EventSource == "s3.amazonaws.com")
        {
            return (record.ObjectKey is { Length: > 0 } key ? $"arn:aws:s3:::{bucket}/{key}" : $"arn:aws:s3:::{bucket}", true);
        }

        var arn = record.Resources.Select(r => r.Arn).FirstOrDefault(a => a is not null && a.StartsWith("arn:", StringComparison.Ordinal));
        return arn is null ? ("*", false) : (arn, true);
    }

    /// <summary>A resource ARN with its instance part generalized: <c>bucket/key</c> → <c>bucket/*</c>, <c>role/path/Name</c> kept to the first segment.</summary>
    internal static string ResourcePattern(string arn)
    {
        if (arn == "*")
        {
            return "*";
        }

        var parts = arn.Split(':', 6);
        if (parts.Length < 6)
        {
            return arn;
        }

        var resource = parts[5];
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < resource.Length - 1)
        {
            // Keep the type and the first name segment (a bucket, a role name) when there are more.
            var second = resource.IndexOf('/', slash + 1);
            resource = parts[2] == "s3" ? resource[..slash] + "/*" : second > 0 ? resource[..second] + "/*" : resource;
        }

        return string.Join(':', parts[..5]) + ":" + resource;
    }

    // ---- calibration ------------------------------------------------------------------------------------------------

    private sealed record Denial(string PolicyType, string? Action, string? PolicyArn);

    /// <summary>
    /// A call CloudTrail recorded as denied by an SCP or RCP: an access-denied error code and a message that says
    /// "explicit deny in a service control policy" (or resource control policy), with the policy ARN newer messages
    /// carry (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
    /// </summary>
    private static Denial? RecordedDenial(CloudTrailRecord record)
    {
        if (record.ErrorCode is not { } code || !DenialCodes.Contains(code, StringComparer.Ordinal) || record.ErrorMessage is not { } message)
        {
            return null;
        }

        var type = message.Contains("service control polic", StringComparison.OrdinalIgnoreCase) ? "SCP"
            : message.Contains("resource control polic", StringComparison.OrdinalIgnoreCase) ? "RCP"
            : null;
        if (type is null)
        {
            return null;
        }

        var action = PerformAction().Match(message);
        var policy = PolicyArn().Match(message);
        return new Denial(type, action.Success ? action.Groups[1].Value : null, policy.Success ? policy.Value : null);
    }

    private void Calibrate(CloudTrailRecord record, Denial denial, string principal, string account, Outcome before)
    {
        _denials++;
        _calibrationJudged++;
        if (before.Decision == ReplayDecision.Deny && before.PolicyType == denial.PolicyType)
        {
            _agreed++;
            return;
        }

        if (before.Decision == ReplayDecision.MaybeDeny && before.PolicyType == denial.PolicyType)
        {
            _agreedMaybe++;
            return;
        }

        _missCount++;
        var policyId = denial.PolicyArn?[(denial.PolicyArn.LastIndexOf('/') + 1)..];
        var policyName = policyId is not null ? _policyNamesById.GetValueOrDefault(policyId) : null;
        var reason = policyName is not null && !_previous.Names.Contains(policyName)
            ? $"denied by '{policyName}', which the package does not hold"
            : policyId is not null && policyName is null
                ? $"denied by {policyId}, which the organization snapshot does not list"
                : "the previous package allows it";
        if (_misses.Count < MaxDisagreements)
        {
            _misses.Add(new CalibrationMiss(record.EventTime ?? string.Empty, principal, account, denial.Action ?? record.EventName ?? string.Empty, denial.PolicyType, denial.PolicyArn, policyName, reason));
        }
    }

    // ---- small helpers ----------------------------------------------------------------------------------------------

    private bool InWindow(string? time)
    {
        if (_options.Since is null && _options.Until is null)
        {
            return true;
        }

        if (time is null || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        return (_options.Since is not { } since || at >= since) && (_options.Until is not { } until || at < until);
    }

    private string Window() =>
        (_options.Since, _options.Until) switch
        {
            (null, null) => "every record",
            ({ } s, null) => $"from {Iso(s)}",
            (null, { } u) => $"until {Iso(u)}",
            ({ } s, { } u) => $"{Iso(s)} to {Iso(u)}",
        };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string AccountPath(string accountId)
    {
        if (!_accountPaths.TryGetValue(accountId, out var path))
        {
            path = _org.Account(accountId) is { } account ? _org.PathOf(account.ParentId) : "?";
            _accountPaths[accountId] = path;
        }

        return path;
    }

    private void Skip(string reason) => Count(_skipped, reason);

    private void AddVerdict(ReplayVerdict verdict) => _verdicts[verdict] = _verdicts.GetValueOrDefault(verdict) + 1;

    private static void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    [GeneratedRegex(@"^arn:([a-z-]+):sts::(\d{12}):assumed-role/([^/]+)/", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AssumedRole();

    [GeneratedRegex(@"perform: ([a-z0-9-]+:[A-Za-z0-9]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PerformAction();

    [GeneratedRegex(@"arn:aws[a-z-]*:organizations::\d{12}:policy/o-[a-z0-9]+/(service|resource)_control_policy/p-[a-z0-9_]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PolicyArn();

    private readonly record struct GroupKey(ReplayVerdict Verdict, string Principal, string Account, string Action, string Resource, string PolicyType, string? By, string? MissingKey);

    private sealed class GroupValue
    {
        public long Count { get; set; }

        public string First { get; set; } = string.Empty;

        public string Last { get; set; } = string.Empty;
    }

    /// <summary>The worst outcome over the actions and policy types of one call: Deny over MaybeDeny over Allow.</summary>
    private sealed class Outcome
    {
        public ReplayDecision Decision { get; private set; } = ReplayDecision.Allow;

        public string? By { get; private set; }

        public string? MissingKey { get; private set; }

        public string? PolicyType { get; private set; }

        public string? Action { get; private set; }

        public void Merge(ReplayOutcome outcome, string type, string action)
        {
            if (Rank(outcome.Decision) <= Rank(Decision))
            {
                return;
            }

            Decision = outcome.Decision;
            By = outcome.By;
            MissingKey = outcome.MissingKey;
            PolicyType = type;
            Action = action;
        }

        private static int Rank(ReplayDecision decision) => decision switch
        {
            ReplayDecision.Deny => 2,
            ReplayDecision.MaybeDeny => 1,
            _ => 0,
        };
    }
}
