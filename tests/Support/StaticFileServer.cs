using System.Diagnostics;
using System.Security.Cryptography;
using Build.Registry;

namespace Build.Tests.Support;

/// <summary>
/// Python's http.server serving a folder on a free 127.0.0.1 port: a static web server nobody here wrote, as GitHub
/// Pages serves a Helm repository. Dispose stops it by its PID.
/// </summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public StaticFileServer(string folder)
    {
        Port = LocalRegistry.FreeLoopbackPort();
        var start = new ProcessStartInfo("python3") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "http.server", "--bind", "127.0.0.1", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var answer = _http.GetAsync(BaseUri).GetAwaiter().GetResult();
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT/, the repository URL a user would <c>helm repo add</c>.</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public byte[] Get(Uri url)
    {
        using var answer = _http.GetAsync(url).GetAwaiter().GetResult();
        Assert.That((int)answer.StatusCode, Is.EqualTo(200), $"GET {url}");
        return answer.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
