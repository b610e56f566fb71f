// A #!/bin/sh entrypoint in an image without /bin/sh would fail at run time with "no such file or
// directory": the build fails naming the script and its interpreter.
import io.github.scratchimage.maven.ItTools
import java.nio.file.Files

ItTools.assertFailedWithoutOutput(basedir, '<platformCheck>', 'the entrypoint /usr/local/bin/run.sh',
        'src/run.sh', '#!/bin/sh', 'needs the interpreter /bin/sh, which is not in the image',
        'set the platform check to warn')
assert !Files.exists(basedir.toPath().resolve('target/scratch/work/blobs'))
return true
