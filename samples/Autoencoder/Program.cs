using NetGen.Samples.Autoencoder;

// Trains the convolutional autoencoder on MNIST: `dotnet run -c Release --project samples/Autoencoder -- --help` lists the options.
return CommandLine.Build(TrainingRun.Execute).Parse(args).Invoke();
