#include <cstdio>
int main() { std::puts("riwaya"); return 0; }
