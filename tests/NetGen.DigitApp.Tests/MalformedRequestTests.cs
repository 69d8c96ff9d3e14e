using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NetGen.DigitApp.Tests;

/// <summary>The API refuses what is not a 28x28 digit with a 400 and a short JSON error, and keeps serving.</summary>
[Collection(DigitAppCollection.Name)]
public sealed class MalformedRequestTests(DigitAppServer server)
{
    static string Pixels(IEnumerable<string> values) => $"{{\"pixels\":[{string.Join(",", values)}]}}";
    static string Zeros(int count) => Pixels(Enumerable.Repeat("0", count));

    public static TheoryData<string, string> Malformed => new()
    {
        { "not JSON", "the body is not JSON" },
        { "", "the body is not JSON" },
        { "{\"pixels\":[1,2,", "the body is not JSON" },
        { "[1,2,3]", "expected an object" },
        { "{\"image\":[0]}", "expected an object" },
        { "{\"pixels\":\"0,0,0\"}", "must be an array" },
        { Zeros(783), "must hold 784 numbers" },
        { Zeros(785), "must hold 784 numbers" },
        { Pixels(Enumerable.Repeat("0", 783).Append("\"7\"")), "pixel 783 is not a number" },
        { Pixels(Enumerable.Repeat("0", 783).Prepend("null")), "pixel 0 is not a number" },
        { Pixels(Enumerable.Repeat("0", 783).Append("256")), "outside 0..255" },
        { Pixels(Enumerable.Repeat("0", 783).Prepend("-1")), "outside 0..255" },
        { Pixels(Enumerable.Repeat("0", 783).Append("1e400")), "outside 0..255" },
        { "{\"pixels\":[[[[[[0]]]]]]}", "not JSON" },
        // Names and strings that System.Text.Json cannot turn into .NET strings (a lone surrogate escape).
        { "{\"\\ud800\":0,\"pixels\":[]}", "must hold 784 numbers" },
        { "{\"pixels\\ud800\":[0]}", "expected an object" },
        { Pixels(Enumerable.Repeat("0", 783).Append("\"\\udc00\"")), "pixel 783 is not a number" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_bodies_get_a_400_with_a_json_error(string body, string expected)
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsync("api/classify", new StringContent(body, Encoding.UTF8, "application/json"));
        await ExpectErrorAsync(response, expected);
        await ExpectServingAsync(client);
    }

    [Fact]
    public async Task A_body_that_is_not_UTF8_gets_a_400()
    {
        using var client = server.CreateClient();
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"pi"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("xels\":[" + string.Join(",", Enumerable.Repeat("0", 784)) + "]}")];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("api/classify", content);
        await ExpectErrorAsync(response, "UTF-8");
        await ExpectServingAsync(client);
    }

    /// <summary>The API takes application/json (without a charset or with UTF-8) and nothing else: 415 for the rest.</summary>
    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("multipart/form-data; boundary=xyz")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/problem+json")]
    [InlineData(null)]
    public async Task Bodies_not_sent_as_json_get_a_415(string? contentType)
    {
        using var client = server.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Zeros(784)));
        if (contentType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync("api/classify", content);
        await ExpectErrorAsync(response, "the body must be sent as application/json", HttpStatusCode.UnsupportedMediaType);
        await ExpectServingAsync(client);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    public async Task Json_with_or_without_a_utf8_charset_is_accepted(string contentType)
    {
        using var client = server.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Zeros(784)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync("api/classify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_with_a_length_is_refused_before_it_is_read()
    {
        using var client = server.CreateClient();
        string body = Pixels(Enumerable.Repeat("0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", 784));
        Assert.True(Encoding.UTF8.GetByteCount(body) > 64 * 1024);
        using var response = await client.PostAsync("api/classify", new StringContent(body, Encoding.UTF8, "application/json"));
        await ExpectErrorAsync(response, "at most 65536 are accepted");
        Assert.True(response.Headers.ConnectionClose, "a refused unread body closes its connection");
        await ExpectServingAsync(client);
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_refused_at_the_cap()
    {
        using var client = server.CreateClient();
        var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/classify") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        await ExpectErrorAsync(response, "larger than 65536 bytes");
        Assert.True(response.Headers.ConnectionClose, "a refused unread body closes its connection");
        await ExpectServingAsync(client);
    }

    [Fact]
    public async Task A_valid_digit_gets_the_digit_and_ten_scores_that_sum_to_one()
    {
        using var client = server.CreateClient();
        var (pixels, label) = MnistTestDigits.First(1)[0];
        using var response = await client.PostAsync("api/classify",
            new StringContent(Pixels(pixels.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(label, answer.RootElement.GetProperty("digit").GetInt32());
        var scores = answer.RootElement.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.Equal(10, scores.Length);
        Assert.InRange(scores.Sum(), 0.999, 1.001);
        Assert.Equal(label, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public async Task The_page_is_served_with_local_scripts_only()
    {
        using var client = server.CreateClient();
        string html = await client.GetStringAsync("");
        Assert.Contains("<canvas id=\"pad\"", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        foreach (string file in new[] { "app.js", "mnist-image.js", "app.css" })
        {
            using var response = await client.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var missing = await client.GetAsync("nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    static async Task ExpectErrorAsync(HttpResponseMessage response, string expected, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, error.RootElement.GetProperty("error").GetString());
    }

    /// <summary>A valid request right after still gets its answer, and the app has logged no error.</summary>
    async Task ExpectServingAsync(HttpClient client)
    {
        using var response = await client.PostAsync("api/classify", new StringContent(Zeros(784), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.Log.Problems);
    }
}
