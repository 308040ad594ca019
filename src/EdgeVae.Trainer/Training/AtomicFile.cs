namespace EdgeVae.Trainer.Training;

/// <summary>
/// Writes files so a reader sees the old content or the new, never a mix: write a temporary file in the same
/// directory, flush it to disk, then rename over the target (atomic on POSIX and NTFS).
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, s =>
    {
        using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true);
        w.Write(text);
    });

    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveOrphans(dir, Path.GetFileName(full));
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// Temporary files of this target left by a writer that was killed mid-write (kill -9 skips the cleanup above):
    /// those whose process id is no longer running are deleted. A live writer's file, and anything not named as ours,
    /// is left alone.
    /// </summary>
    private static void RemoveOrphans(string dir, string name)
    {
        string prefix = "." + name + ".";
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            var parts = Path.GetFileName(file)[prefix.Length..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || parts[1].Length != 32 || IsRunning(pid)) continue;
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
