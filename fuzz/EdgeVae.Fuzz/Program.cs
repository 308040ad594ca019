// EdgeVae.Fuzz TARGET            afl++ mode (SharpFuzz): run under afl-fuzz, input on stdin (see fuzz/run.sh)
// EdgeVae.Fuzz TARGET FILE...    replay files through the target once each (a crash reproduces here)
using EdgeVae.Fuzz;

// Nothing instrumented may run before SharpFuzz has set up afl++'s shared memory: the target list is a constant.
if (args.Length == 0 || !FuzzTargets.NameList.Split(' ').Contains(args[0]))
{
    Console.Error.WriteLine($"usage: EdgeVae.Fuzz TARGET [FILE...]   targets: {FuzzTargets.NameList}");
    return 2;
}
string target = args[0];
if (args.Length > 1)
{
    foreach (var file in args.Skip(1)) FuzzTargets.Run(target, File.ReadAllBytes(file));
    Console.WriteLine($"{args.Length - 1} inputs handled");
    return 0;
}
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
