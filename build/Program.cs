using Build;

return new CakeHost()
    .UseContext<BuildContext>()
    .Run(args);
