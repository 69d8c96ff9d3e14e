using NetGen.Samples.DigitApp;

// dotnet run -c Release --project samples/DigitApp -- --urls http://127.0.0.1:5000
DigitServer.Create(args).Run();
