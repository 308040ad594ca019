return EdgeVae.Trainer.Cli.EdgeVaeCli.Invoke(args);
