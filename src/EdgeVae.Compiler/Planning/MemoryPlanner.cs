using System;
using System.Collections.Generic;

namespace EdgeVae.Compiler.Planning
{
    /// <summary>A buffer to place in the arena: its length in elements and the steps during which it must hold its contents.</summary>
    public readonly record struct BufferLifetime(int Length, int FirstStep, int LastStep);

    /// <summary>
    /// Places buffers in one arena so that buffers alive at the same time never overlap, as TensorFlow Lite Micro's greedy
    /// memory planner does: the largest buffers first, each at the lowest offset free for its whole lifetime. The arena's
    /// length is then the model's exact scratch.
    /// </summary>
    public static class MemoryPlanner
    {
        public static (int[] Offsets, int ArenaLength) Plan(IReadOnlyList<BufferLifetime> buffers)
        {
            var order = new List<int>();
            for (int i = 0; i < buffers.Count; i++) order.Add(i);
            // Largest first, then earliest, then by index: deterministic.
            order.Sort((a, b) =>
            {
                int c = buffers[b].Length.CompareTo(buffers[a].Length);
                if (c != 0) return c;
                c = buffers[a].FirstStep.CompareTo(buffers[b].FirstStep);
                return c != 0 ? c : a.CompareTo(b);
            });
            var offsets = new int[buffers.Count];
            var placed = new List<int>();
            int arena = 0;
            foreach (int i in order)
            {
                var b = buffers[i];
                // Intervals of the arena taken by placed buffers alive at the same time, by offset.
                var taken = new List<(int Start, int End)>();
                foreach (int j in placed)
                {
                    var p = buffers[j];
                    if (p.FirstStep <= b.LastStep && b.FirstStep <= p.LastStep) taken.Add((offsets[j], offsets[j] + p.Length));
                }
                taken.Sort((x, y) => x.Start.CompareTo(y.Start));
                int offset = 0;
                foreach (var (start, end) in taken)
                {
                    if (offset + b.Length <= start) break;
                    offset = Math.Max(offset, end);
                }
                offsets[i] = offset;
                arena = Math.Max(arena, offset + b.Length);
                placed.Add(i);
            }
            return (offsets, arena);
        }
    }
}
