namespace NetGen.Samples.DigitApp;

/// <summary>The web app: the drawing page (GET /) and the classifier (POST /api/classify).</summary>
public static class DigitServer
{
    /// <summary>Request bodies above this are refused with a 400 (a full request of 784 numbers needs under 4 KB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The app, configured from <paramref name="args"/> (e.g. <c>--urls http://127.0.0.1:5000</c>), not yet started.</summary>
    public static WebApplication Create(string[] args)
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

        var app = builder.Build();
        app.MapGet("/", () => PageFiles.Result("index.html"));
        app.MapGet("/{file}", (string file) => PageFiles.Result(file));
        app.MapPost("/api/classify", ClassifyAsync);
        return app;
    }

    static async Task<IResult> ClassifyAsync(HttpRequest request, DigitClassifier classifier, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxBodyBytes)
            return Error($"the body is {request.ContentLength} bytes; at most {MaxBodyBytes} are accepted");
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellation);
        if (body is null)
            return Error($"the body is larger than {MaxBodyBytes} bytes");
        if (!PixelRequest.TryParse(body, out var pixels, out var problem))
            return Error(problem);
        var result = classifier.Classify(pixels);
        return Results.Json(new ClassifyResponse(result.Digit, result.Scores, result.Distances), ClassifyJson.Default.ClassifyResponse);
    }

    static IResult Error(string message) =>
        Results.Json(new ErrorResponse(message), ClassifyJson.Default.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);
}
