using System.Security.Cryptography;
using System.Text;

namespace Workflow.Cache;

/// <summary>
/// HMAC-SHA256 over a remote cache entry's canonical JSON (<c>{"key","outputs","stage","unit"}</c>, keys sorted), with
/// the secret from <c>WORKFLOW_CACHE_KEY</c>: whoever can write to the remote but lacks the secret cannot plant a
/// result that a build holding the secret accepts.
/// </summary>
public sealed class CacheSignature(string secret)
{
    public const string Variable = "WORKFLOW_CACHE_KEY";
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);

    /// <summary>The signer from the environment, or null when the variable is unset or empty.</summary>
    public static CacheSignature? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } secret ? new CacheSignature(secret) : null;

    public string Sign(string key, RunCacheEntry entry) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(Canonical(key, entry))));

    public bool Verify(string key, RunCacheEntry entry, string? signature) =>
        signature is { Length: 64 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(key, entry)), Encoding.ASCII.GetBytes(signature));

    private static string Canonical(string key, RunCacheEntry entry) => CanonicalJson.Serialize(new Newtonsoft.Json.Linq.JObject
    {
        ["key"] = key,
        ["outputs"] = Newtonsoft.Json.Linq.JObject.FromObject(entry.Outputs),
        ["stage"] = entry.Stage,
        ["unit"] = entry.Unit,
    });
}
