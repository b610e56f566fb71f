String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('<layers/layer[1]/files/file[1]/source>: the name of a file in ')
assert log.contains('because the locale is not UTF-8 (LANG=C, LC_ALL=C); run Maven with a UTF-8 locale, e.g. LANG=C.UTF-8')
assert !log.contains('Malformed input')
assert !new File(basedir, 'target/scratch/image.tar').exists()
return true
