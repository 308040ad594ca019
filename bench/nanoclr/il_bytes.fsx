// IL bytes of every method body in an assembly (the code the nanoFramework interpreter walks; headers excluded).
//   dotnet fsi bench/nanoclr/il_bytes.fsx ASSEMBLY
open System.Reflection.Metadata
open System.Reflection.PortableExecutable

let pe = new PEReader(System.IO.File.OpenRead(fsi.CommandLineArgs.[1]))
let md = pe.GetMetadataReader()
let il =
    md.MethodDefinitions
    |> Seq.map md.GetMethodDefinition
    |> Seq.filter (fun m -> m.RelativeVirtualAddress <> 0)
    |> Seq.sumBy (fun m -> pe.GetMethodBody(m.RelativeVirtualAddress).GetILBytes().Length)
printfn "%d" il
