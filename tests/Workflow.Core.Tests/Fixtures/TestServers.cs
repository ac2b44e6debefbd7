using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Workflow.Tests.Fixtures;

/// <summary>
/// What the real-server fixtures (nginx, s3rver) share: a free port, waiting for a child process to listen, and what
/// to do when a server is not installed — skip with a one-line reason, except under CI=true, where every test must
/// run. <c>./build.sh --target=Test</c> installs them first where it can (tests/servers/provision.sh).
/// </summary>
public static class TestServers
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [DoesNotReturn]
    public static void Unavailable(string reason)
    {
        if (InCi)
        {
            throw new AssertionException($"{reason} (CI=true: these tests must run, not skip).");
        }

        Assert.Ignore(reason);
        throw new UnreachableException();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The full path of the program <paramref name="name"/> on PATH, or null.</summary>
    public static string? OnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    /// <summary>Waits until <paramref name="process"/> accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    /// <param name="log">What the server wrote, read for the message when it exits early.</param>
    public static void WaitUntilListening(Process process, int port, string name, Func<string> log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                throw new AssertionException($"{name} exited with {process.ExitCode}: {log()}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new AssertionException($"{name} did not listen on 127.0.0.1:{port} within 20 s.");
    }

    /// <summary>Kills <paramref name="process"/> if it still runs; a second call does nothing.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            return; // stopped (and disposed) already
        }

        process.Dispose();
    }
}
