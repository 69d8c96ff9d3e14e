using System.Net.Http.Headers;
using NetGen.Data;

namespace NetGen.Samples.DigitApp;

/// <summary>The web app: the drawing page (GET /) and the classifier (POST /api/classify).</summary>
public static class DigitServer
{
    /// <summary>Request bodies above this are refused with a 400 (a full request of 784 numbers needs under 4 KB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The app, configured from <paramref name="args"/> (e.g. <c>--urls http://127.0.0.1:5000</c>), not yet started;
    /// <paramref name="configure"/> may add to the builder last (the tests add a logger that records what is logged).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Kestrel stops reading past the cap too, so even a body without Content-Length cannot grow unbounded.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);   // no line per request
        builder.Services.AddSingleton<DigitClassifier>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/", () => PageFiles.Result("index.html"));
        app.MapGet("/{file}", (string file) => PageFiles.Result(file));
        app.MapPost("/api/classify", ClassifyAsync);
        return app;
    }

    /// <summary>The one content type the API takes (with no charset or UTF-8); anything else is a 415.</summary>
    public const string JsonContentType = "application/json";

    static async Task<IResult> ClassifyAsync(HttpRequest request, DigitClassifier classifier, CancellationToken cancellation)
    {
        if (!IsJson(request.ContentType))
            return Unread(request, StatusCodes.Status415UnsupportedMediaType,
                $"the body must be sent as {JsonContentType} (UTF-8), not {(request.ContentType is null ? "without a Content-Type" : "as " + Printable.Escape(request.ContentType))}");
        if (request.ContentLength > MaxBodyBytes)
            return Unread(request, StatusCodes.Status400BadRequest, $"the body is {request.ContentLength} bytes; at most {MaxBodyBytes} are accepted");
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellation);
        if (body.Bytes is null)
            return Unread(request, body.StatusCode, body.Problem);
        if (!PixelRequest.TryParse(body.Bytes, out var pixels, out var problem))
            return Error(StatusCodes.Status400BadRequest, problem);
        var result = classifier.Classify(pixels);
        return Results.Json(new ClassifyResponse(result.Digit, result.Scores, result.Distances), ClassifyJson.Default.ClassifyResponse);
    }

    static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && string.Equals(type.MediaType, JsonContentType, StringComparison.OrdinalIgnoreCase)
        && (type.CharSet is null || string.Equals(type.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// An error answered before the body was read to its end: the connection is closed after it (RFC 9112 9.6), so
    /// a client does not send its next request on a connection whose unread bytes the server is still discarding.
    /// </summary>
    static IResult Unread(HttpRequest request, int statusCode, string message)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return Error(statusCode, message);
    }

    static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorResponse(message), ClassifyJson.Default.ErrorResponse, statusCode: statusCode);
}
