using NetGen.Samples.LeNet5;

// Trains LeNet-5 on MNIST: `dotnet run -c Release --project samples/LeNet5 -- --help` lists the options.
return CommandLine.Build(TrainingRun.Execute).Parse(args).Invoke();
