using System.Numerics;
using System.Runtime.ExceptionServices;

namespace EdgeVae.Numerics.LinearAlgebra;

/// <summary>
/// Dedicated threads that take bands of a large GEMM. Unlike <c>Parallel.For</c>, handing out work
/// allocates nothing (no closures, tasks or delegates per call), so a training step stays allocation-free.
/// One parallel GEMM runs at a time; a caller that finds the workers busy computes on its own thread.
/// </summary>
internal static class GemmWorkers
{
    private static readonly Lock s_gate = new();
    private static readonly Worker[] s_workers = CreateWorkers();
    private static readonly CountdownEvent s_done = new(0);
    private static Exception? s_failure;

    /// <summary>The calling thread plus the workers.</summary>
    public static int Capacity => s_workers.Length + 1;

    private static Worker[] CreateWorkers()
    {
        var workers = new Worker[Math.Max(0, Environment.ProcessorCount - 1)];
        for (int i = 0; i < workers.Length; i++) workers[i] = new Worker(i);
        return workers;
    }

    public static void Run<T>(in GemmProblem<T> problem, int parts) where T : unmanaged, INumberBase<T>
    {
        if (!s_gate.TryEnter())
        {
            BlockedKernel<T>.Run(problem);
            return;
        }
        try
        {
            Job<T>.Problem = problem;
            s_failure = null;
            s_done.Reset(parts - 1);
            for (int i = 1; i < parts; i++) s_workers[i - 1].Start(Job<T>.Instance, i, parts);
            Job<T>.Instance.Execute(0, parts);
            s_done.Wait();
            if (s_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Job<T>.Problem = default;
            s_gate.Exit();
        }
    }

    private abstract class Job
    {
        public abstract void Execute(int part, int parts);
    }

    /// <summary>The one job object per element type, reading the problem the gate holder put in place.</summary>
    private sealed class Job<T> : Job where T : unmanaged, INumberBase<T>
    {
        public static readonly Job<T> Instance = new();
        public static GemmProblem<T> Problem;

        public override void Execute(int part, int parts) =>
            BlockedKernel<T>.Run(Problem.Slice(part, parts, BlockedKernel<T>.MR, BlockedKernel<T>.NR));
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _go = new(0);
        private Job? _job;
        private int _part, _parts;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"EdgeVae GEMM worker {index + 1}" };
            thread.Start();
        }

        public void Start(Job job, int part, int parts)
        {
            _job = job;
            _part = part;
            _parts = parts;
            _go.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                try
                {
                    _job!.Execute(_part, _parts);
                }
                catch (Exception e)
                {
                    s_failure = e;
                }
                finally
                {
                    s_done.Signal();
                }
            }
        }
    }
}
