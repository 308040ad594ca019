using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.ModelFiles;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>Runs a command body and turns the errors users can fix into one clear line and a non-zero exit code.</summary>
public static class CommandRunner
{
    public const int UsageError = 2;
    public const int DataError = 3;
    public const int Diverged = 4;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (DataException e) { return Fail(e.Message, DataError); }
        catch (ModelFileException e) { return Fail(e.Message, DataError); }
        catch (CheckpointException e) { return Fail(e.Message, DataError); }
        catch (TrainingDivergedException e) { return Fail(e.Message, Diverged); }
        catch (ArgumentException e) { return Fail(e.Message, UsageError); }
        // What the device code cannot do for this model (adapt simulates the generated learner): the reason and the way out.
        catch (Compiler.Quantization.QuantizationException e) { return Fail(e.Message, UsageError); }
        catch (IOException e) { return Fail(e.Message, DataError); }
        catch (UnauthorizedAccessException e) { return Fail(e.Message, DataError); }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}
