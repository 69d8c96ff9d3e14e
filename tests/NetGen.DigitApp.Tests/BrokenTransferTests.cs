using System.Text;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// Requests broken below the JSON: chunk framing, a body that trickles in, a client that hangs up mid-body. Each
/// gets Kestrel's status code (or nothing, for the client that left) and none is logged as an unhandled exception.
/// </summary>
[Collection(DigitAppCollection.Name)]
public sealed class BrokenTransferTests(DigitAppServer server)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]                 // not a hexadecimal size
    [InlineData("2;\r\n{}\r\n0\r\n\r\n")]                 // an empty chunk extension name
    [InlineData("ffffffffffffffffff\r\n{}\r\n")]          // a size that overflows
    [InlineData("2\r\n{}XX0\r\n\r\n")]                    // no CRLF after the chunk
    public async Task A_bad_chunk_gets_a_400_and_no_error_log(string chunked)
    {
        var status = await RawHttp.SendAsync(server.BaseAddress,
            [RawHttp.Head(server.BaseAddress, "Transfer-Encoding: chunked\r\n"), Encoding.ASCII.GetBytes(chunked)], TimeSpan.Zero, Timeout);
        Assert.Equal(400, status);
        Assert.Empty(server.Log.Problems);
    }

    /// <summary>Kestrel's minimum body rate (240 bytes/s after a 5 s grace period) ends a body sent a byte a second.</summary>
    [Fact]
    public async Task A_body_sent_too_slowly_gets_a_408_and_no_error_log()
    {
        var head = RawHttp.Head(server.BaseAddress, "Content-Length: 3200\r\n");
        var body = Enumerable.Range(0, 3200).Select(i => new[] { (byte)(i == 0 ? '{' : ' ') });
        var status = await RawHttp.SendAsync(server.BaseAddress, [head, .. body], TimeSpan.FromSeconds(1), Timeout);
        Assert.Equal(408, status);
        Assert.Empty(server.Log.Problems);
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_body_leaves_no_error_log()
    {
        await RawHttp.AbandonAsync(server.BaseAddress, RawHttp.Head(server.BaseAddress, "Content-Length: 3200\r\n"), Encoding.ASCII.GetBytes("{\"pixels\":[0,0,"));
        await RawHttp.AbandonAsync(server.BaseAddress, RawHttp.Head(server.BaseAddress, "Transfer-Encoding: chunked\r\n"), Encoding.ASCII.GetBytes("10\r\n{\"pix"));
        await Task.Delay(500);   // the server notices the reset
        var status = await RawHttp.SendAsync(server.BaseAddress,
            [RawHttp.Head(server.BaseAddress, "Content-Length: 2\r\n"), Encoding.ASCII.GetBytes("{}")], TimeSpan.Zero, Timeout);
        Assert.Equal(400, status);
        Assert.Empty(server.Log.Problems);
    }
}
