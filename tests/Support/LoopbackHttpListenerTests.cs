using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Build.Tests.Support;

/// <summary>The fakes' HTTP loop outlives a client that dies mid-request, as a program killed during an upload does.</summary>
public sealed class LoopbackHttpListenerTests
{
    [Test]
    public async Task A_client_that_dies_in_the_middle_of_its_body_does_not_stop_the_next_request_being_answered()
    {
        using var listener = new LoopbackHttpListener((context, body) =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            var answer = Encoding.UTF8.GetBytes($"got {body.Length} bytes");
            context.Response.OutputStream.Write(answer);
            context.Response.Close();
        });

        using (var dying = new TcpClient())
        {
            await dying.ConnectAsync(IPAddress.Loopback, listener.Port);
            var stream = dying.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"PUT /upload HTTP/1.1\r\nHost: 127.0.0.1:{listener.Port}\r\nContent-Length: 100000\r\n\r\n"));
            await stream.WriteAsync(new byte[10]);
            await stream.FlushAsync();
            await Task.Delay(200);
            dying.Client.LingerState = new LingerOption(true, 0);
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var response = await client.PostAsync(new Uri(listener.BaseUri, "after"), new ByteArrayContent(new byte[3]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("got 3 bytes"));
    }
}
