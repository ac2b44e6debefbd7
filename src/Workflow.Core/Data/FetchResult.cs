namespace Workflow.Data;

/// <summary>What FetchData did: objects pulled into the cache, then the checkout of data/ from it.</summary>
/// <param name="RemoteName">The remote used, or null when the cache already had everything (no network).</param>
/// <param name="Downloaded">Objects downloaded (verified) into the cache, the listing included.</param>
public sealed record FetchResult(DvcOut Out, string? RemoteName, int Downloaded, CheckoutResult Checkout);
