using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace Workflow.Data;

/// <summary>
/// The entries of one folder on a WebDAV server: <c>PROPFIND</c> with <c>Depth: 1</c> (RFC 4918), or, where the
/// server refuses PROPFIND (plain nginx without the dav-ext module), nginx's JSON directory index
/// (<c>autoindex on; autoindex_format json;</c>). Null when the folder does not exist.
/// </summary>
internal static class WebDavListing
{
    public sealed record Entry(string Name, bool Folder, long Bytes);

    public delegate Task<HttpResponseMessage> Sender(Func<HttpRequestMessage> request, CancellationToken cancellationToken);

    private static readonly XNamespace Dav = "DAV:";

    public static async Task<IReadOnlyList<Entry>?> ListAsync(string folderUrl, Sender send, CancellationToken cancellationToken)
    {
        using (var response = await send(() => new HttpRequestMessage(new HttpMethod("PROPFIND"), folderUrl)
               {
                   Headers = { { "Depth", "1" } },
                   Content = new StringContent(
                       "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><prop><resourcetype/><getcontentlength/></prop></propfind>",
                       Encoding.UTF8, "application/xml"),
               }, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if ((int)response.StatusCode == 207)
                return FromMultistatus(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), new Uri(folderUrl).AbsolutePath);
            if (response.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented))
                throw Refused(folderUrl, response);
        }

        using var index = await send(() => new HttpRequestMessage(HttpMethod.Get, folderUrl), cancellationToken).ConfigureAwait(false);
        if (index.StatusCode == HttpStatusCode.NotFound) return null;
        var text = index.IsSuccessStatusCode ? await index.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false) : "";
        if (!text.TrimStart().StartsWith('['))
            throw Refused(folderUrl, index);
        return JArray.Parse(text).Select(e => new Entry(
                (string)e["name"]!, (string?)e["type"] == "directory", (long?)e["size"] ?? 0))
            .ToList();
    }

    private static List<Entry> FromMultistatus(string xml, string folderPath)
    {
        var self = folderPath.TrimEnd('/');
        var entries = new List<Entry>();
        foreach (var response in XDocument.Parse(xml).Descendants(Dav + "response"))
        {
            var href = Uri.UnescapeDataString(new Uri(new Uri("http://x"), (string?)response.Element(Dav + "href") ?? "").AbsolutePath).TrimEnd('/');
            if (href == self || !href.StartsWith(self + "/", StringComparison.Ordinal)) continue;
            var folder = response.Descendants(Dav + "collection").Any();
            var length = (string?)response.Descendants(Dav + "getcontentlength").FirstOrDefault();
            entries.Add(new Entry(href[(self.Length + 1)..], folder,
                long.TryParse(length, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0));
        }

        return entries;
    }

    private static WorkflowException Refused(string url, HttpResponseMessage response) => new(string.Create(CultureInfo.InvariantCulture,
        $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} to PROPFIND and gave no JSON index to GET, so its files cannot be listed; enable PROPFIND (nginx: the dav-ext module) or `autoindex on; autoindex_format json;` there."));
}
