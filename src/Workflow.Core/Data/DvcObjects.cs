namespace Workflow.Data;

/// <summary>Where DVC 3.x keeps an object in a remote: <c>files/md5/&lt;first 2 hex&gt;/&lt;rest&gt;</c>.</summary>
public static class DvcObjects
{
    public static string PathOf(string md5) => Md5.IsValid(md5)
        ? $"files/md5/{md5[..2]}/{md5[2..]}"
        : throw new ArgumentException($"'{md5}' is not an MD5 (32 lowercase hex digits, optionally '.dir').", nameof(md5));
}
