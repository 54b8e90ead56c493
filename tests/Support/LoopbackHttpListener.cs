using System.Net;
using Build.Registry;

namespace Build.Tests.Support;

/// <summary>
/// An HttpListener on a free loopback port that hands each request, with its body read, to <paramref name="handle"/>,
/// one at a time, until disposed. The fakes of the contract tests (registry, GitHub API) answer through it.
/// </summary>
public sealed class LoopbackHttpListener : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    public LoopbackHttpListener(Action<HttpListenerContext, byte[]> handle)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = LocalRegistry.FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                // Another process took the port between the probe and the start: try another, with a new listener. The
                // failed one keeps the taken prefix registered, and its Close would then fail with "Address already in
                // use" (seen in a test's TearDown under load).
                Abandon(listener);
            }
        }

        _loop = Task.Run(() => ServeAsync(handle));
    }

    public int Port { get; }

    private static void Abandon(HttpListener listener)
    {
        try
        {
            listener.Abort();
        }
        catch (HttpListenerException)
        {
            // It never listened; nothing is left to release.
        }
    }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        // Close alone: it stops the listener too. Stop then Close let go of the port twice, and the second time .NET's
        // managed listener binds the port again to find it, failing with "Address already in use" once another process
        // has taken it (seen in ResumeWithFakeRegistryTests' TearDown under load).
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal exception; nothing is left to clean up.
        }
    }

    private async Task ServeAsync(Action<HttpListenerContext, byte[]> handle)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            try
            {
                await context.Request.InputStream.CopyToAsync(buffer);
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away mid-request (a test killed the program during an upload): drop this request and
                // keep serving, or every later request, such as the re-run's, would go unanswered.
                context.Response.Abort();
                continue;
            }

            try
            {
                handle(context, buffer.ToArray());
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away before its answer was written: the same, for the answer.
                context.Response.Abort();
            }
        }
    }
}
