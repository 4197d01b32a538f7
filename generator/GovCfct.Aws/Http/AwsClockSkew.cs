using System.Collections.Concurrent;
using System.Net;

namespace GovCfct.Aws.Http;

/// <summary>
/// Clock-skew correction for the hand-written clients, as the SDK's own clients do it (<c>CorrectClockSkew</c>): when
/// AWS refuses a signature because the request's time is too far from its own, the difference to the response's
/// <c>Date</c> header is remembered for that endpoint and the request is signed again with the corrected time.
/// A signature whose time is off by more than five minutes is refused (IAM User Guide, "Elements of an AWS API request
/// signature": the time stamp must be within five minutes of AWS's time); a machine whose clock drifted would
/// otherwise see every call fail as if its credentials were wrong.
/// </summary>
public static class AwsClockSkew
{
    /// <summary>The differences smaller than this are left alone: AWS accepts them and a response's Date has one-second resolution.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMinutes(4);

    // The error codes the SDK treats as possible clock skew (AWSSDK.Core, ClockSkew handling).
    private static readonly HashSet<string> SkewCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture",
    };

    private static readonly ConcurrentDictionary<string, TimeSpan> Offsets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The time to sign a request to <paramref name="endpoint"/> with: the local clock plus the correction learned for it.</summary>
    public static DateTime SigningTime(Uri endpoint, TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime + Offset(endpoint);

    /// <summary>The correction learned for <paramref name="endpoint"/> (zero until a refusal taught one).</summary>
    public static TimeSpan Offset(Uri endpoint) =>
        Offsets.TryGetValue(Key(endpoint), out var offset) ? offset : TimeSpan.Zero;

    /// <summary>
    /// Learns a correction when <paramref name="status"/> and <paramref name="errorCode"/> are a signature-time refusal and
    /// the server's <paramref name="serverDate"/> is more than <see cref="Threshold"/> away from the corrected local time.
    /// Returns true when the request should be signed again.
    /// </summary>
    public static bool TryLearn(Uri endpoint, HttpStatusCode status, string? errorCode, DateTimeOffset? serverDate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(clock);
        if (serverDate is null || errorCode is null || !SkewCodes.Contains(errorCode) || status is not (HttpStatusCode.Forbidden or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized))
        {
            return false;
        }

        var local = clock.GetUtcNow();
        var current = Offset(endpoint);
        var needed = serverDate.Value - local;
        if ((needed - current).Duration() < Threshold)
        {
            return false;
        }

        Offsets[Key(endpoint)] = needed;
        return true;
    }

    /// <summary>Forgets every correction (tests that change the emulator's clock).</summary>
    public static void Reset() => Offsets.Clear();

    private static string Key(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);
}
