using System.Text.Json.Nodes;
using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.Cli;

/// <summary>
/// What <c>edgevae train</c> needs to finish a run beyond the run itself — where the model goes and how its threshold
/// is calibrated — kept in every checkpoint (its "job" member) so that <c>--resume CKPT</c> alone ends where the
/// interrupted run would have.
/// </summary>
internal sealed record ResumedJob(string Output, string Threshold)
{
    public static JsonObject Describe(string output, string threshold) => new()
    {
        ["output"] = Path.GetFullPath(output),
        ["threshold"] = threshold,
    };

    /// <summary>
    /// The job of a checkpoint. Checkpoints written before the job was kept name no output: theirs is the checkpoint's
    /// path without ".ckpt", as training names it, and the threshold the default.
    /// </summary>
    public static ResumedJob From(JsonObject checkpoint, string checkpointPath, string defaultThreshold)
    {
        try
        {
            if (checkpoint["job"] is JsonObject job)
                return new ResumedJob(
                    job["output"]?.GetValue<string>() is { Length: > 0 } o ? o : throw new CheckpointException($"{checkpointPath}: the job names no output file."),
                    job["threshold"]?.GetValue<string>() is { Length: > 0 } t ? t : throw new CheckpointException($"{checkpointPath}: the job names no threshold method."));
        }
        catch (InvalidOperationException e)
        {
            throw new CheckpointException($"{checkpointPath}: the checkpoint's job is damaged ({e.Message}).");
        }
        if (!checkpointPath.EndsWith(".ckpt", StringComparison.Ordinal))
            throw new CheckpointException($"{checkpointPath}: this checkpoint does not say which model file it belongs to and its name does not end in .ckpt; rename it to MODEL.evae.ckpt.");
        return new ResumedJob(Path.GetFullPath(checkpointPath[..^5]), defaultThreshold);
    }
}
