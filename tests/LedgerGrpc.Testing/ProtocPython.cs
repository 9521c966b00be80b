using System.Diagnostics;

namespace LedgerGrpc.Testing;

/// <summary>
/// Generates Python message modules with `protoc --python_out` (grpc_tools is not available here),
/// for Python peers that call methods through channel.unary_unary and friends.
/// Modules of protos under grpc/ (health, reflection, testing) land in a folder named grpc, which
/// grpcio's own grpc package would hide: scripts first `import ledgergrpc_protos`, a module
/// written next to them that adds that folder to the grpc package's search path.
/// </summary>
public static class ProtocPython
{
    /// <summary>
    /// Generates modules for <paramref name="protoFiles"/>, named relative to the include folders:
    /// the repository's protos/, Debian's /usr/share/grpc-proto and /usr/include (well-known types).
    /// An absolute path's own folder is added as an include folder.
    /// </summary>
    public static void Generate(string outputDir, params string[] protoFiles)
    {
        var includes = new List<string> { RepoPaths.Protos, RepoPaths.SystemGrpcProtos, "/usr/include" };
        var names = new List<string>();
        foreach (var file in protoFiles)
        {
            if (Path.IsPathRooted(file))
            {
                includes.Insert(0, Path.GetDirectoryName(file)!);
                names.Add(Path.GetFileName(file));
            }
            else
            {
                names.Add(file);
            }
        }

        Generate(outputDir, includes, names);
    }

    public const string PathModule = "ledgergrpc_protos";

    public static void Generate(string outputDir, IEnumerable<string> includeDirs, IEnumerable<string> protoFiles)
    {
        Directory.CreateDirectory(outputDir);
        File.WriteAllText(Path.Combine(outputDir, PathModule + ".py"), PathModuleSource);
        var info = new ProcessStartInfo("protoc")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add($"--python_out={outputDir}");
        foreach (var include in includeDirs.Where(Directory.Exists))
        {
            info.ArgumentList.Add($"-I{include}");
        }

        foreach (var file in protoFiles)
        {
            info.ArgumentList.Add(file);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("protoc not found: install Debian's protobuf-compiler (run ./test.sh as root).", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"protoc failed ({process.ExitCode}): {stderr.Result}");
            }
        }
    }

    private const string PathModuleSource = """
        # Written by LedgerGrpc.Testing.ProtocPython: lets generated grpc.* message modules be
        # imported next to grpcio's own grpc package.
        import os
        import grpc

        _generated = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grpc")
        if _generated not in grpc.__path__:
            grpc.__path__.append(_generated)

        """;
}
