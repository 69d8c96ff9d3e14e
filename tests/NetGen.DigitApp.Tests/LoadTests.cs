using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// A bounded load test on loopback: workers send a mix of valid digits, malformed JSON, wrong content types,
/// oversized and broken-framing bodies and hang-ups, while a few clients trickle bodies in. The server must answer
/// every request with its documented code (never a 5xx), log no error, and classify the same digits the same way
/// afterwards.
/// </summary>
[Collection(DigitAppCollection.Name)]
public sealed class LoadTests(DigitAppServer server, ITestOutputHelper output)
{
    const int Workers = 8;
    const int RequestsPerWorker = 60;
    const int SlowClients = 3;
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    enum Kind { Valid, MalformedJson, WrongContentType, Oversized, BadChunk, HangUp }

    static readonly string[] MalformedBodies =
        ["", "nope", "{\"pixels\":[1,2,", "[0]", "{\"pixels\":\"0\"}", "{\"pixels\":[256]}", "{\"\\ud800\":1}", "{\"pixels\":[[[[[[0]]]]]]}"];

    [Fact]
    public async Task Mixed_load_gets_documented_answers_and_leaves_predictions_unchanged()
    {
        var digits = MnistTestDigits.First(20);
        using var client = server.CreateClient();
        var before = await PredictAllAsync(client, digits);
        var answers = new ConcurrentBag<(Kind Kind, int? Status)>();
        var wrongPredictions = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Limit);

        var slow = Enumerable.Range(0, SlowClients).Select(async _ =>
        {
            var body = Enumerable.Range(0, 3200).Select(i => new[] { (byte)' ' });
            int? status = await RawHttp.SendAsync(server.BaseAddress, [RawHttp.Head(server.BaseAddress, "Content-Length: 3200\r\n"), .. body],
                TimeSpan.FromSeconds(1), Limit);
            return status;
        }).ToList();

        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            using var http = server.CreateClient();
            for (int i = 0; i < RequestsPerWorker && !deadline.IsCancellationRequested; i++)
            {
                var kind = (Kind)random.Next(Enum.GetValues<Kind>().Length);
                switch (kind)
                {
                    case Kind.Valid:
                        int k = random.Next(digits.Count);
                        using (var response = await http.PostAsync("api/classify", Json(Body(digits[k].Pixels)), deadline.Token))
                        {
                            answers.Add((kind, (int)response.StatusCode));
                            string answer = await response.Content.ReadAsStringAsync(deadline.Token);
                            if (response.StatusCode == HttpStatusCode.OK && answer != before[k])
                                wrongPredictions.Add($"digit {k}: {answer} instead of {before[k]}");
                        }
                        break;
                    case Kind.MalformedJson:
                        answers.Add((kind, await StatusAsync(http, Json(MalformedBodies[random.Next(MalformedBodies.Length)]), deadline.Token)));
                        break;
                    case Kind.WrongContentType:
                        var plain = new StringContent(Body(digits[0].Pixels), Encoding.UTF8, random.Next(2) == 0 ? "text/plain" : "multipart/form-data");
                        answers.Add((kind, await StatusAsync(http, plain, deadline.Token)));
                        break;
                    case Kind.Oversized:
                        // Refused from its Content-Length; sent raw, because HttpClient may still be writing the body
                        // when the server answers and closes, and report that as a failure of its own.
                        answers.Add((kind, await RawHttp.SendAsync(server.BaseAddress,
                            [RawHttp.Head(server.BaseAddress, "Content-Length: 70000\r\n"), new byte[1000]], TimeSpan.Zero, Limit)));
                        break;
                    case Kind.BadChunk:
                        answers.Add((kind, await RawHttp.SendAsync(server.BaseAddress,
                            [RawHttp.Head(server.BaseAddress, "Transfer-Encoding: chunked\r\n"), Encoding.ASCII.GetBytes("5\r\n{\"pix\r\nzz\r\n")],
                            TimeSpan.Zero, Limit)));
                        break;
                    case Kind.HangUp:
                        await RawHttp.AbandonAsync(server.BaseAddress, RawHttp.Head(server.BaseAddress, "Content-Length: 3000\r\n"), Encoding.ASCII.GetBytes("{\"pixels\":["));
                        answers.Add((kind, null));
                        break;
                }
            }
        })).ToList();

        await Task.WhenAll(workers);
        var slowStatuses = await Task.WhenAll(slow);
        var elapsed = clock.Elapsed;
        var after = await PredictAllAsync(client, digits);

        var counts = answers.GroupBy(a => (a.Kind, a.Status)).OrderBy(g => g.Key.Kind).Select(g => $"{g.Key.Kind} {g.Key.Status?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {g.Count()}");
        output.WriteLine($"{answers.Count} requests from {Workers} workers and {SlowClients} slow clients in {elapsed.TotalSeconds:F1} s; {string.Join(", ", counts)}; slow: {string.Join(" ", slowStatuses)}");
        Assert.Equal(Workers * RequestsPerWorker, answers.Count);
        Assert.True(elapsed < Limit, $"took {elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain(answers, a => a.Status >= 500);
        var expected = new Dictionary<Kind, int?> { [Kind.Valid] = 200, [Kind.MalformedJson] = 400, [Kind.WrongContentType] = 415, [Kind.Oversized] = 400, [Kind.BadChunk] = 400, [Kind.HangUp] = null };
        Assert.All(answers, a => Assert.Equal(expected[a.Kind], a.Status));
        Assert.All(slowStatuses, s => Assert.Equal(408, s));
        Assert.Empty(wrongPredictions);
        Assert.Equal(before, after);
        Assert.Empty(server.Log.Problems);
    }

    static string Body(byte[] pixels) => $"{{\"pixels\":[{string.Join(",", pixels)}]}}";

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    static async Task<int?> StatusAsync(HttpClient http, HttpContent content, CancellationToken cancel)
    {
        using var response = await http.PostAsync("api/classify", content, cancel);
        return (int)response.StatusCode;
    }

    /// <summary>The API's answer (the JSON text, so every score is compared exactly) for each digit.</summary>
    static async Task<string[]> PredictAllAsync(HttpClient client, IReadOnlyList<(byte[] Pixels, int Label)> digits)
    {
        var answers = new string[digits.Count];
        for (int i = 0; i < digits.Count; i++)
        {
            using var response = await client.PostAsync("api/classify", Json(Body(digits[i].Pixels)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers[i] = await response.Content.ReadAsStringAsync();
        }
        return answers;
    }
}
