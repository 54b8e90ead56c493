using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Build.Tests.Support;

/// <summary>
/// A fault-injecting HTTP proxy (Kestrel) on a free 127.0.0.1 port in front of a real server: one request in three
/// (counted over distinct method+path requests) first gets 503, or 429 with Retry-After: 1; the same request then goes
/// through, as a transient fault would. Everything else is forwarded as it is, Host header included (so Location headers
/// stay on the proxy). Stopped with the test's Dispose.
/// </summary>
public sealed class FaultyProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive" };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly HashSet<string> _seen = [];
    private readonly object _gate = new();
    private int _distinct;

    public FaultyProxy(Uri target)
    {
        _target = target;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Injected503 { get; private set; }

    public int Injected429 { get; private set; }

    /// <summary>Every request and what it got, for a test's output.</summary>
    public List<string> Log { get; } = [];

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var key = context.Request.Method + " " + context.Request.Path + context.Request.QueryString;
        int fault;
        lock (_gate)
        {
            fault = _seen.Add(key) && ++_distinct % 3 == 0 ? (_distinct % 2 == 0 ? 429 : 503) : 0;
            if (fault != 0)
            {
                // Fails once: the next identical request goes through.
                _seen.Add(key);
                if (fault == 429)
                {
                    Injected429++;
                }
                else
                {
                    Injected503++;
                }
            }
        }

        if (fault != 0)
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = fault;
            if (fault == 429)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"errors":[{"code":"UNAVAILABLE","message":"injected by the test proxy"}]}""");
            Record($"{key} -> {fault} (injected)");
            return;
        }

        using var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, context.Request.Path + context.Request.QueryString));
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.Method is "PUT" or "POST" or "PATCH")
        {
            message.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = values.ToString();
            }
            else if (!HopByHop.Contains(name) && !message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (context.Request.Method != "HEAD")
        {
            await response.Content.CopyToAsync(context.Response.Body);
        }

        Record($"{key} -> {(int)response.StatusCode}");
    }

    private void Record(string line)
    {
        lock (_gate)
        {
            Log.Add(line);
        }
    }
}
