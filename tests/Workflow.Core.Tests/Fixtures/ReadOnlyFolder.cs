using System.Diagnostics;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// Makes a folder unwritable until disposed: <c>chattr +i</c> when running as root (root ignores permission bits),
/// <c>chmod 555</c> otherwise.
/// </summary>
public sealed class ReadOnlyFolder : IDisposable
{
    private readonly string path;
    private readonly bool immutable;

    private ReadOnlyFolder(string path, bool immutable)
    {
        this.path = path;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder Create(string path)
    {
        Directory.CreateDirectory(path);
        var root = Environment.UserName == "root";
        Run(root ? "chattr" : "chmod", root ? "+i" : "555", path);

        return new ReadOnlyFolder(path, root);
    }

    public void Dispose()
    {
        Run(immutable ? "chattr" : "chmod", immutable ? "-i" : "755", path);
    }

    private static void Run(string tool, string flag, string target)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, [flag, target]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new AssertionException($"{tool} {flag} {target} failed: {error} (needs an ext4/xfs/btrfs temp folder)");
        }
    }
}
