using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Build.Tests.Support;

/// <summary>
/// A hostile listener on a loopback address (127.0.0.1 unless told): it answers every HTTP request with
/// <paramref name="answer"/> (by default 401 asking for Basic credentials, as a phishing "registry" would) and keeps
/// every Authorization header it was sent. Stopped with Dispose.
/// </summary>
public sealed class CredentialTrap : IDisposable
{
    private const string AskForBasic = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"rehearsal\"\r\nDocker-Distribution-Api-Version: registry/2.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";

    private readonly TcpListener _listener;
    private readonly Task _loop;
    private readonly string _answer;
    private readonly object _gate = new();
    private readonly List<string> _requests = [];

    public CredentialTrap(string address = "127.0.0.1", string? answer = null)
    {
        _answer = answer ?? AskForBasic;
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Host = address;
        _loop = Task.Run(ServeAsync);
    }

    public string Host { get; }

    public int Port { get; }

    public string Address => $"{Host}:{Port}";

    /// <summary>The head (request line and headers) of every request received.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The Authorization headers received, Basic ones decoded to user:password.</summary>
    public IReadOnlyList<string> Authorizations =>
        Requests.SelectMany(request => request.Split("\r\n"))
            .Where(line => line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
            .Select(line => line["Authorization:".Length..].Trim())
            .Select(value => value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? value + " = " + Encoding.UTF8.GetString(Convert.FromBase64String(value[6..].Trim())) : value)
            .ToList();

    public void Dispose()
    {
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener's disposal exception.
        }
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
                {
                    var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                lock (_gate)
                {
                    _requests.Add(head.ToString());
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(_answer));
            }
            catch (Exception exception) when (exception is IOException or SocketException or TimeoutException)
            {
                // A client that hung up is of no interest.
            }
        }
    }
}
