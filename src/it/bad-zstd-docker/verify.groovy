// zstd in the Docker format fails before any layer is built, naming both parameters.
io.github.scratchimage.maven.ItTools.assertFailedWithoutOutput(basedir, '<compression>: zstd layers need <format>oci</format>',
        '<format>docker</format>', '<compression>gzip</compression>')
return true
