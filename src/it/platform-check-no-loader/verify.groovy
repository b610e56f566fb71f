// A dynamically linked entrypoint in an image without its program interpreter would fail at run time
// with "no such file or directory": the build fails naming the file, the loader and the fix.
import io.github.scratchimage.maven.ItTools
import java.nio.file.Files

ItTools.assertFailedWithoutOutput(basedir, '<platformCheck>', 'the entrypoint /usr/local/bin/app',
        'target/native/app', 'needs the program interpreter /lib64/ld-linux-x86-64.so.2, which is not in the image',
        'Link it statically', 'add the loader /lib64/ld-linux-x86-64.so.2 and the libraries it needs in a layer',
        'libc.so.6', 'set the platform check to warn')
assert !Files.exists(basedir.toPath().resolve('target/scratch/work/blobs'))
return true
